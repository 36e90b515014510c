import { type DType, newArray, type TypedArray } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { allocOutput } from "../backend/backend.js";
import { ValueError } from "../errors.js";
import { contiguousStrides, fmtShape, numelOf, type Shape } from "../util/shape.js";
import { formatTensor } from "./format.js";
import { Storage } from "./storage.js";

/** What a tensor knows of the autograd node that produced it (the node itself lives in autograd/). */
export interface GradFnRef {
  readonly name: string;
  /** Bytes this node keeps alive for backward beyond its inputs' own storage (introspection). */
  savedBytes(): number;
}

/**
 * An n-dimensional array: a view (shape, strides, offset) over a Storage, plus autograd fields.
 * Behaviour (arithmetic, backward, …) is installed by the layers to the right of this one.
 */
export class Tensor {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  /** Set on leaves by the user; on results by autograd when any input requires grad. */
  requiresGrad = false;
  grad: Tensor | null = null;
  gradFn: GradFnRef | null = null;

  constructor(storage: Storage, shape: Shape, strides?: Shape, offset = 0) {
    this.storage = storage;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides === undefined ? contiguousStrides(shape) : [...strides]);
    this.offset = offset;
  }

  /** A fresh contiguous tensor over `data` (which it takes ownership of). */
  static fromArray(data: TypedArray, shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(data, dtype), shape);
  }

  /** A zero-filled contiguous tensor on the current backend. */
  static empty(shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(getBackend().alloc(dtype, numelOf(shape)), dtype), shape);
  }

  /** A contiguous tensor with unspecified contents (torch.empty), for an op's output its kernel writes in full. */
  static uninitialized(shape: Shape, dtype: DType): Tensor {
    return new Tensor(new Storage(allocOutput(getBackend(), dtype, numelOf(shape)), dtype), shape);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  /** True for tensors created by the user rather than by an op that records a graph. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The version of the storage this tensor views; bumped by every in-place write. */
  get version(): number {
    return this.storage.version;
  }

  numel(): number {
    return numelOf(this.shape);
  }

  dim(): number {
    return this.shape.length;
  }

  /** Laid out row-major with no gaps (the offset may be anything). */
  isContiguous(): boolean {
    let expected = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const size = this.shape[d]!;
      if (size !== 1 && this.strides[d] !== expected) return false;
      expected *= size;
    }
    return true;
  }

  /** The elements in row-major order as a new typed array (bool as 0/1 in a Uint8Array). */
  dataSync(): TypedArray {
    const n = this.numel();
    // A copy on the JS heap: the user owns it (a view of wasm memory would be shared by .buffer and postMessage).
    const out = newArray(this.dtype, n);
    if (this.isContiguous()) {
      out.set(this.storage.data.subarray(this.offset, this.offset + n));
    } else {
      getBackend().copyStrided(this.storage.data, this.offset, this.shape, this.strides, out, 0);
    }
    return out;
  }

  /** The value of a one-element tensor. */
  item(): number {
    const n = this.numel();
    if (n !== 1) {
      throw new ValueError({
        where: "item",
        expected: "a tensor with exactly one element",
        got: `shape ${fmtShape(this.shape)} with ${n} elements`,
        hint: "reduce it first (e.g. .sum() or .mean()), or read every element with .toArray().",
      });
    }
    return this.storage.data[this.offset]!;
  }

  /** Nested arrays of numbers (booleans for bool tensors), like PyTorch's tolist(). */
  toArray(): unknown {
    const flat = this.dataSync();
    const asValue = this.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
    if (this.shape.length === 0) return asValue(flat[0]!);
    let pos = 0;
    const build = (d: number): unknown[] => {
      const size = this.shape[d]!;
      const out = new Array<unknown>(size);
      for (let i = 0; i < size; i++) out[i] = d === this.shape.length - 1 ? asValue(flat[pos++]!) : build(d + 1);
      return out;
    };
    return build(0);
  }

  toString(): string {
    const extras: { requiresGrad?: boolean; gradFn?: string } = {};
    if (this.gradFn !== null) extras.gradFn = this.gradFn.name;
    else if (this.requiresGrad) extras.requiresGrad = true;
    return formatTensor(this.dataSync(), this.shape, this.dtype, extras);
  }
}
