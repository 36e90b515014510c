import type { DType } from "../backend/dtype.js";
import { isFloatingDType } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { record } from "../autograd/node.js";
import { Tensor } from "../tensor/tensor.js";
import { numelOf, shapesEqual } from "../util/shape.js";

/** A 0-d tensor holding `value`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const t = Tensor.empty([], dtype);
  t.storage.data[0] = dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
  return t;
}

/** Numbers become 0-d tensors of `dtype`; tensors pass through. */
export function asTensor(x: Tensor | number, dtype: DType): Tensor {
  return typeof x === "number" ? scalarTensor(x, dtype) : x;
}

/** A contiguous copy of any view (no graph; internal). */
export function copyContiguous(t: Tensor, dtype: DType = t.dtype): Tensor {
  const out = Tensor.empty(t.shape, dtype);
  if (dtype === "bool" && t.dtype !== "bool") {
    // Casting to bool means "is non-zero", which plain assignment into a Uint8Array is not.
    getBackend().binary("ne", t.storage.data, t.offset, t.strides, new Float32Array(1), 0, t.shape.map(() => 0), out.storage.data, t.shape);
  } else {
    getBackend().copyStrided(t.storage.data, t.offset, t.shape, t.strides, out.storage.data, 0);
  }
  return out;
}

/** The same values as a contiguous tensor; returns `t` itself when already contiguous. */
export function contiguous(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = copyContiguous(t);
  return record("CloneBackward0", [t], out, (g) => [g]);
}

/** Converts to `dtype` (differentiable between float types). */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = copyContiguous(t, dtype);
  if (!isFloatingDType(dtype) || !isFloatingDType(t.dtype)) return out;
  const from = t.dtype;
  return record("ToCopyBackward0", [t], out, (g) => [cast(g, from)]);
}

/** Sums a broadcast gradient back down to `shape` (the adjoint of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  let cur = g;
  // Leading dims that broadcasting added, then dims that were 1.
  for (let i = 0; i < lead; i++) cur = reduceDim(cur, 0, "sum");
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1 && cur.shape[d] !== 1) cur = unsqueezeResult(reduceDim(cur, d, "sum"), d);
  }
  return cur;
}

function unsqueezeResult(t: Tensor, dim: number): Tensor {
  const shape = [...t.shape];
  shape.splice(dim, 0, 1);
  return new Tensor(t.storage, shape);
}

/** Reduces one dimension with a kernel (no graph; internal building block). Output is contiguous without that dim. */
export function reduceDim(t: Tensor, dim: number, op: "sum" | "prod" | "max" | "min" | "argmax" | "argmin", outDtype?: DType): Tensor {
  const src = t.isContiguous() ? t : copyContiguous(t);
  const size = src.shape[dim]!;
  const outer = numelOf(src.shape.slice(0, dim));
  const inner = numelOf(src.shape.slice(dim + 1));
  const outShape = [...src.shape.slice(0, dim), ...src.shape.slice(dim + 1)];
  const dtype = outDtype ?? (op === "argmax" || op === "argmin" ? "int32" : src.dtype === "bool" ? "int32" : src.dtype);
  const out = Tensor.empty(outShape, dtype);
  const data = src.offset === 0 ? src.storage.data : src.storage.data.subarray(src.offset, src.offset + src.numel());
  getBackend().reduce(op, data, outer, size, inner, out.storage.data);
  return out;
}
