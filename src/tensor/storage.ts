import type { DType, TypedArray } from "../backend/dtype.js";

/**
 * The elements behind one or more tensors (views share a Storage). `version` counts in-place
 * writes, so autograd can tell when a tensor it saved for backward was changed since.
 */
export class Storage {
  version = 0;
  constructor(readonly data: TypedArray, readonly dtype: DType) {}
  get length(): number {
    return this.data.length;
  }
}
