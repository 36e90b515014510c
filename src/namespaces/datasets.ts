/** The `datasets` namespace (file-backed MNIST/FashionMNIST come from the Node entry). */
export { ImageClassificationDataset, type ImageDatasetOptions } from "../datasets/image-dataset.js";
export { SyntheticDigits, type SyntheticDigitsOptions } from "../datasets/synthetic-digits.js";
export { FASHION_MNIST_CLASSES, MNIST_CLASSES, MNISTArrays, type MnistArrays } from "../datasets/mnist.js";
