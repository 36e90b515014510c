/** `datasets` under Node: the universal ones plus MNIST and FashionMNIST read from disk. */
export * from "../namespaces/datasets.js";
export { FashionMNIST, MNIST, type MnistLoadOptions, type MnistOptions } from "./mnist.js";
export { MNIST_RESOURCES, type MnistResources } from "./mnist-resources.js";
export { downloadMnist } from "./mnist-download.js";
export { resolveDataDir as defaultDataDir } from "./data-dir.js";
