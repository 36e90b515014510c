import { getBackend } from "../backend/registry.js";
import type { TypedArray } from "../backend/dtype.js";
import { record } from "../autograd/node.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, normalizeDim, numelOf } from "../util/shape.js";
import { copyContiguous } from "./core.js";

function checkIndex(index: Tensor, where: string): void {
  if (index.dtype !== "int32") {
    throw new DTypeError({ where, expected: "an int32 index tensor", got: `dtype ${index.dtype}`, hint: "create it with { dtype: \"int32\" } or call .int()." });
  }
}

/** Every index in [0, size), or an error naming the first bad one. */
function checkBounds(data: Int32Array, size: number, where: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v < size)) {
      throw new ValueError({ where, expected: `indices in [0, ${size - 1}]`, got: `${v} at position ${i}` });
    }
  }
}

/**
 * The elements of t in row-major order, starting at index 0. A contiguous view (a slice of a bigger
 * tensor, e.g. the training part of a dataset) is handed over as a subarray, never copied.
 */
function contiguousData(t: Tensor): TypedArray {
  if (!t.isContiguous()) return copyContiguous(t).storage.data;
  const data = t.storage.data;
  return t.offset === 0 && data.length === t.numel() ? data : data.subarray(t.offset, t.offset + t.numel());
}

/** Picks the entries `index` (1-D int32) along `dim`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex(index, "indexSelect");
  if (index.shape.length > 1) throw new ShapeError({ where: "indexSelect", expected: "a 1-D (or 0-d) index", got: `shape ${fmtShape(index.shape)}` });
  const d = normalizeDim(dim, x.shape.length, "indexSelect");
  const idx = contiguousData(index) as Int32Array;
  const size = x.shape.length === 0 ? 1 : x.shape[d]!;
  checkBounds(idx, size, "indexSelect");
  const src = contiguousData(x);
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const shape = x.shape.length === 0 ? [] : [...x.shape.slice(0, d), idx.length, ...x.shape.slice(d + 1)];
  const out = Tensor.uninitialized(shape, x.dtype);
  getBackend().indexSelect(src, outer, size, inner, idx, out.storage.data);
  return record("IndexSelectBackward0", [x], out, (g) => {
    const gx = Tensor.empty(x.shape, g.dtype);
    getBackend().indexAdd(contiguousData(g), outer, size, inner, idx, gx.storage.data);
    return [gx];
  });
}

/** out[..., j, ...] = x[..., index[..., j, ...], ...] along `dim`; index has x's shape except at `dim`. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex(index, "gather");
  const d = normalizeDim(dim, x.shape.length, "gather");
  const fits = index.shape.length === x.shape.length && index.shape.every((s, i) => i === d || s === x.shape[i]);
  if (!fits) {
    throw new ShapeError({ where: "gather", expected: `an index of shape ${fmtShape(x.shape.map((s, i) => (i === d ? "*" : s) as number))} (the input's, except at dim ${d})`, got: fmtShape(index.shape) });
  }
  const idx = contiguousData(index) as Int32Array;
  const size = x.shape[d]!;
  checkBounds(idx, size, "gather");
  const src = contiguousData(x);
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const indexSize = index.shape[d]!;
  const out = Tensor.empty(index.shape, x.dtype);
  getBackend().gather(src, outer, size, inner, idx, indexSize, out.storage.data);
  return record("GatherBackward0", [x], out, (g) => {
    const gx = Tensor.empty(x.shape, g.dtype);
    getBackend().scatterAdd(contiguousData(g), outer, size, inner, idx, indexSize, gx.storage.data);
    return [gx];
  });
}
