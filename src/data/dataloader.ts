import { ValueError } from "../errors.js";
import { type Generator, getDefaultGenerator } from "../random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { stack } from "../ops/join.js";
import type { Dataset } from "./dataset.js";

export interface DataLoaderOptions<T> {
  batchSize?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  generator?: Generator;
  /** Turns a list of samples into a batch; the default stacks tensors and turns numbers into a tensor. */
  collate?: (samples: T[]) => T;
}

/** Stacks each field of the samples: tensors along a new first dim; numbers into int32 (or float32) tensors. */
export function defaultCollate<T>(samples: T[]): T {
  const first = samples[0] as unknown;
  if (first instanceof Tensor) return stack(samples as unknown as Tensor[]) as unknown as T;
  if (typeof first === "number") {
    const values = samples as unknown as number[];
    const ints = values.every((v) => Number.isInteger(v));
    return Tensor.fromArray(ints ? Int32Array.from(values) : Float32Array.from(values), [values.length], ints ? "int32" : "float32") as unknown as T;
  }
  if (Array.isArray(first)) {
    return first.map((_, k) => defaultCollate(samples.map((s) => (s as unknown as unknown[])[k]))) as unknown as T;
  }
  throw new ValueError({ where: "DataLoader", expected: "samples made of tensors, numbers or arrays of them (or a collate function)", got: typeof first });
}

/**
 * Batches of a dataset, as torch.utils.data.DataLoader. Iterable and async-iterable; each new
 * iteration is an epoch, reshuffled when `shuffle` is set.
 */
export class DataLoader<T = [Tensor, Tensor]> implements Iterable<T>, AsyncIterable<T> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  private readonly collate: (samples: T[]) => T;

  constructor(readonly dataset: Dataset<T>, options: DataLoaderOptions<T> = {}) {
    const batchSize = options.batchSize ?? 1;
    if (!(typeof batchSize === "number" && Number.isInteger(batchSize) && batchSize > 0)) {
      throw new ValueError({ where: "DataLoader", expected: "batchSize to be a positive integer", got: String(batchSize) });
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator;
    this.collate = options.collate ?? defaultCollate;
  }

  /** The number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  private order(): Int32Array {
    const n = this.dataset.length;
    if (this.shuffle) return (this.generator ?? getDefaultGenerator()).randperm(n);
    return Int32Array.from({ length: n }, (_, i) => i);
  }

  *[Symbol.iterator](): Iterator<T> {
    const order = this.order();
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min((b + 1) * this.batchSize, order.length));
      if (this.dataset.getBatch !== undefined && this.collate === defaultCollate) yield this.dataset.getBatch(indices);
      else yield this.collate(Array.from(indices, (i) => this.dataset.get(i)));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const batch of this) yield batch;
  }
}
