import { ShapeError, ValueError } from "../errors.js";
import { type Generator, getDefaultGenerator } from "../random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { indexSelect } from "../ops/indexing.js";
import { contiguous } from "../ops/core.js";
import { select } from "../ops/shape.js";
import { fmtShape } from "../util/shape.js";

/** A sized collection of samples, as torch.utils.data.Dataset: `length` and `get(index)`. */
export abstract class Dataset<T = [Tensor, Tensor]> {
  abstract get length(): number;
  abstract get(index: number): T;

  /**
   * Optional fast path for the DataLoader: the samples at `indices` already collated into a batch.
   * Datasets backed by big tensors implement it with one gather instead of per-sample work.
   */
  getBatch?(indices: Int32Array): T;

  protected checkIndex(index: number): number {
    const n = this.length;
    if (!(Number.isInteger(index) && index >= -n && index < n)) {
      throw new ValueError({ where: this.constructor.name, expected: `an index in [${-n}, ${n - 1}]`, got: String(index) });
    }
    return index < 0 ? index + n : index;
  }
}

/** Samples are the rows of several tensors with the same first dimension (inputs, targets, …). */
export class TensorDataset<T extends Tensor[] = [Tensor, Tensor]> extends Dataset<T> {
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new ValueError({ where: "TensorDataset", expected: "at least one tensor", got: "none" });
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, i) => {
      if (t.shape.length === 0 || t.shape[0] !== n) {
        throw new ShapeError({ where: "TensorDataset", expected: `every tensor to have ${n} rows (the first tensor's first dimension)`, got: `tensor ${i} of shape ${fmtShape(t.shape)}` });
      }
    });
    // A strided view (x.t(), a column slice) is laid out once here; batches then gather rows of it
    // directly (contiguous slices such as x.slice(0, n) are gathered in place, without a copy).
    this.tensors = tensors.map((t) => (t.isContiguous() ? t : contiguous(t))) as T;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  get(index: number): T {
    const i = this.checkIndex(index);
    return this.tensors.map((t) => select(t, 0, i)) as T;
  }

  override getBatch(indices: Int32Array): T {
    const idx = Tensor.fromArray(indices, [indices.length], "int32");
    return this.tensors.map((t) => indexSelect(t, 0, idx)) as T;
  }
}

/** The samples of `dataset` at `indices`. */
export class Subset<T> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: ArrayLike<number>) {
    super();
    for (let i = 0; i < indices.length; i++) {
      const v = indices[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < dataset.length)) {
        throw new ValueError({ where: "Subset", expected: `indices in [0, ${dataset.length - 1}]`, got: `${v} at position ${i}` });
      }
    }
    if (dataset.getBatch !== undefined) {
      const inner = dataset.getBatch.bind(dataset);
      this.getBatch = (batch: Int32Array): T => inner(Int32Array.from(batch, (j) => this.indices[j]!));
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[this.checkIndex(index)]!);
  }
}

/**
 * Splits a dataset into non-overlapping random subsets. `lengths` are counts summing to the
 * dataset's length, or fractions summing to 1 (remainders go to the first subsets, as PyTorch).
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: { generator?: Generator } = {}): Subset<T>[] {
  const n = dataset.length;
  let counts = [...lengths];
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.every((f) => f >= 0 && f <= 1) && Math.abs(total - 1) < 1e-9 && total !== n) {
    counts = counts.map((f) => Math.floor(f * n));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]!++;
  } else if (total !== n || counts.some((c) => !(Number.isInteger(c) && c >= 0))) {
    throw new ValueError({ where: "randomSplit", expected: `non-negative counts summing to ${n} (the dataset's length), or fractions summing to 1`, got: `[${lengths.join(", ")}]` });
  }
  const perm = (options.generator ?? getDefaultGenerator()).randperm(n);
  const out: Subset<T>[] = [];
  let at = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.subarray(at, at + c)));
    at += c;
  }
  return out;
}
