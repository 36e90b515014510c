/** W1–W3 data: Fashion-MNIST preloaded as float32, pixels in [0, 1] normalised with mean 0.5, std 0.5. */
import { datasets, type Tensor } from "dropout-ts";

export interface Preloaded {
  xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor; root: string;
}

export function loadFashion(): Preloaded {
  const root = datasets.defaultDataDir();
  if (root === undefined) throw new Error("bench: no Fashion-MNIST data directory (set DROPOUT_DATA_DIR)");
  const [xTrain, yTrain] = new datasets.FashionMNIST({ root, train: true }).tensors();
  const [xTest, yTest] = new datasets.FashionMNIST({ root, train: false }).tensors();
  return { xTrain: xTrain.sub(0.5).div(0.5), yTrain, xTest: xTest.sub(0.5).div(0.5), yTest, root };
}
