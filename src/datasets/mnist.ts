import { ImageClassificationDataset, type ImageDatasetOptions } from "./image-dataset.js";

/** Parsed IDX contents of one split: images count × rows × cols bytes, and labels. */
export interface MnistArrays {
  pixels: Uint8Array;
  labels: Uint8Array;
  rows: number;
  cols: number;
}

export const MNIST_CLASSES = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"] as const;
export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] as const;

/** MNIST handwritten digits from parsed IDX arrays (file loading and download live in the Node entry). */
export class MNISTArrays extends ImageClassificationDataset {
  constructor(arrays: MnistArrays, options: ImageDatasetOptions = {}, classes: readonly string[] = MNIST_CLASSES) {
    super(arrays.pixels, arrays.labels, arrays.rows, arrays.cols, 1, classes, options);
  }
}
