import { ValueError } from "../errors.js";
import { DataLoader } from "../data/dataloader.js";
import { Dataset, Subset, TensorDataset } from "../data/dataset.js";
import { Tensor } from "../tensor/tensor.js";
import type { Generator } from "../random/generator.js";

/** What fit and evaluate accept: a dataset of [input, target] samples, a DataLoader, or [inputs, targets] tensors. */
export type TrainData = Dataset<[Tensor, Tensor]> | DataLoader<[Tensor, Tensor]> | readonly [Tensor, Tensor];

export function toDataset(data: TrainData, where: string): Dataset<[Tensor, Tensor]> {
  if (data instanceof DataLoader) return data.dataset;
  if (data instanceof Dataset) return data;
  if (Array.isArray(data) && data.length === 2 && data[0] instanceof Tensor && data[1] instanceof Tensor) return new TensorDataset(data[0], data[1]);
  throw new ValueError({ where, expected: "a Dataset, a DataLoader, or [inputs, targets] tensors", got: typeof data });
}

/**
 * Keras' validationSplit: the last `fraction` of the samples, taken before any shuffling, is held
 * out for validation; the rest trains.
 */
export function splitTail(dataset: Dataset<[Tensor, Tensor]>, fraction: number, where: string): [Dataset<[Tensor, Tensor]>, Dataset<[Tensor, Tensor]>] {
  if (!(fraction > 0 && fraction < 1)) throw new ValueError({ where, expected: "validationSplit in (0, 1)", got: String(fraction) });
  const n = dataset.length;
  const nTrain = Math.floor(n * (1 - fraction));
  if (nTrain === 0 || nTrain === n) throw new ValueError({ where, expected: `a split that leaves samples on both sides of ${n}`, got: String(fraction) });
  const train = new Subset(dataset, Int32Array.from({ length: nTrain }, (_, i) => i));
  const val = new Subset(dataset, Int32Array.from({ length: n - nTrain }, (_, i) => nTrain + i));
  return [train, val];
}

export function loaderFor(data: TrainData, batchSize: number, shuffle: boolean, generator: Generator | undefined, where: string): DataLoader<[Tensor, Tensor]> {
  if (data instanceof DataLoader) return data;
  return new DataLoader(toDataset(data, where), { batchSize, shuffle, ...(generator === undefined ? {} : { generator }) });
}
