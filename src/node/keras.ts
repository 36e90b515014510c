/** `keras` under Node: the universal namespace plus keras.datasets read from disk. */
export * from "../namespaces/keras.js";
export * as datasets from "./keras-datasets.js";
