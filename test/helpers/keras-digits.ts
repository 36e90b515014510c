import { datasets, type Tensor } from "../../src/index.js";

/** Keras-shaped small data built in code: SyntheticDigits as x [n, 784] in [0, 1] and class indices y [n] (int32). */
export function kerasDigits(n: number, seed: number): [x: Tensor, y: Tensor] {
  const [images, labels] = new datasets.SyntheticDigits({ size: n, seed }).tensors();
  return [images.reshape([n, 784]), labels];
}
