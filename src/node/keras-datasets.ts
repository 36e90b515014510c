/**
 * keras.datasets under Node: Keras' load_data() over our IDX readers. x holds the raw pixel values
 * 0–255 as float32 [N, 28, 28] (Keras: uint8, which we have no dtype for), y the labels as int32 [N].
 */
import type { ImageClassificationDataset } from "../datasets/image-dataset.js";
import { Tensor } from "../tensor/tensor.js";
import { FashionMNIST, MNIST, type MnistOptions } from "./mnist.js";

export type Split = [x: Tensor, y: Tensor];

export interface LoadDataOptions {
  /** The folder holding the IDX files (default: DROPOUT_DATA_DIR, ../shared/data, or ./data). */
  root?: string;
}

function arrays(dataset: ImageClassificationDataset): Split {
  const n = dataset.length;
  return [
    Tensor.fromArray(Float32Array.from(dataset.pixels), [n, dataset.height, dataset.width], "float32"),
    Tensor.fromArray(Int32Array.from(dataset.labels), [n], "int32"),
  ];
}

function loader(Dataset: new (options: MnistOptions) => ImageClassificationDataset) {
  return {
    /** `[[xTrain, yTrain], [xTest, yTest]]`; a missing file is an error naming the files and the folders searched. */
    loadData(options: LoadDataOptions = {}): [Split, Split] {
      const root = options.root === undefined ? {} : { root: options.root };
      return [arrays(new Dataset({ ...root, train: true })), arrays(new Dataset({ ...root, train: false }))];
    },
  };
}

export const mnist = loader(MNIST);
export const fashionMnist = loader(FashionMNIST);
