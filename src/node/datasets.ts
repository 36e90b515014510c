/** `datasets` under Node: the universal ones plus MNIST and FashionMNIST read from disk. */
export * from "../namespaces/datasets.js";
export { FashionMNIST, MNIST, type MnistOptions } from "./mnist.js";
export { resolveDataDir as defaultDataDir } from "./data-dir.js";
