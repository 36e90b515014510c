import { record } from "../autograd/node.js";
import { DTypeError, ValueError } from "../errors.js";
import { isFloatingDType } from "../backend/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { normalizeDim } from "../util/shape.js";
import { binaryKernel, div, mul, sub, whereKernel, add } from "./binary.js";
import { asTensor, cast, reduceDim } from "./core.js";
import { expand, reshape, unsqueezeDims } from "./shape.js";
import { exp, log, sqrt } from "./unary.js";

export interface ReduceOptions {
  keepdim?: boolean;
}

/** Normalised, sorted, de-duplicated dims; all dims when `dim` is undefined. */
export function reductionDims(x: Tensor, dim: number | readonly number[] | undefined, where: string): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  if (x.shape.length === 0) {
    // A 0-d tensor accepts dim 0 or -1 and has nothing to reduce.
    for (const d of typeof dim === "number" ? [dim] : dim) normalizeDim(d, 0, where);
    return [];
  }
  const list = typeof dim === "number" ? [dim] : [...dim];
  const dims = list.map((d) => normalizeDim(d, x.shape.length, where));
  if (new Set(dims).size !== dims.length) {
    throw new ValueError({ where, expected: "each dimension at most once", got: `[${list.join(", ")}]` });
  }
  return dims.sort((a, b) => a - b);
}

function keptShape(x: Tensor, dims: readonly number[]): number[] {
  return x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** Reduces `dims` one at a time (highest first) with a kernel; no graph. */
function reduceDims(x: Tensor, dims: readonly number[], op: "sum" | "max" | "min", keepdim: boolean): Tensor {
  let cur = x;
  for (let i = dims.length - 1; i >= 0; i--) cur = reduceDim(cur, dims[i]!, op);
  if (x.shape.length === 0) cur = reduceDim(reshape(x, [1]), 0, op);
  return keepdim ? reshape(cur, keptShape(x, dims)) : cur;
}

/** Broadcasts a reduced gradient back over the reduced dims. */
function expandBack(g: Tensor, x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const kept = keepdim ? g : unsqueezeDims(g, dims);
  return expand(kept, x.shape);
}

export function sum(x: Tensor, dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const dims = reductionDims(x, dim, "sum");
  const keepdim = options.keepdim === true;
  const out = reduceDims(x, dims, "sum", keepdim);
  return record("SumBackward0", [x], out, (g) => [expandBack(g, x, dims, keepdim)]);
}

export function mean(x: Tensor, dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  if (!isFloatingDType(x.dtype)) {
    throw new DTypeError({ where: "mean", expected: "a floating-point tensor", got: `dtype ${x.dtype}`, hint: "convert first, e.g. x.float().mean()." });
  }
  const dims = reductionDims(x, dim, "mean");
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  return div(sum(x, dims, options), count);
}

/** max/min: over everything (ties share the gradient evenly), or along one dim (the first extreme index takes it). */
function extreme(op: "max" | "min", x: Tensor, dim: number | undefined, options: ReduceOptions): Tensor {
  const where = op;
  if (x.numel() === 0) {
    throw new ValueError({ where, expected: "a non-empty tensor (or a dim to reduce that is not empty)", got: `shape [${x.shape.join(", ")}]` });
  }
  const keepdim = options.keepdim === true;
  const name = op === "max" ? "MaxBackward1" : "MinBackward1";
  if (dim === undefined) {
    const dims = x.shape.map((_, i) => i);
    const out = reduceDims(x, dims, op, false);
    return record(name, [x], out, (g) => {
      const isExtreme = binaryKernel("eq", x, out, "bool", where);
      const count = reduceDims(cast(isExtreme, g.dtype), dims, "sum", false);
      return [whereKernel(isExtreme, div(g, count), asTensor(0, g.dtype))];
    }, { saved: [x] });
  }
  const d = normalizeDim(dim, x.shape.length, where);
  const index = reduceDim(x, d, op === "max" ? "argmax" : "argmin");
  const out = reduceDims(x, [d], op, keepdim);
  return record(name, [x], out, (g) => {
    const gk = keepdim ? g : unsqueezeDims(g, [d]);
    const hit = binaryKernel("eq", unsqueezeDims(index, [d]), positions(x.shape, d), "bool", where);
    return [whereKernel(hit, gk, asTensor(0, g.dtype))];
  });
}

/** An int32 tensor broadcastable to `shape` whose value is the index along `dim`. */
function positions(shape: readonly number[], dim: number): Tensor {
  const t = Tensor.empty([shape[dim]!], "int32");
  for (let i = 0; i < shape[dim]!; i++) t.storage.data[i] = i;
  return reshape(t, shape.map((s, i) => (i === dim ? s : 1)));
}

export const max = (x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor => extreme("max", x, dim, options);
export const min = (x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor => extreme("min", x, dim, options);

/** Index of the first max (NaN counts as max); over the flattened tensor when dim is undefined. */
export function argExtreme(op: "argmax" | "argmin", x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  if (x.numel() === 0) throw new ValueError({ where: op, expected: "a non-empty tensor", got: `shape [${x.shape.join(", ")}]` });
  if (dim === undefined) {
    const flat = reduceDim(reshape(x, [x.numel()]), 0, op);
    return options.keepdim === true ? reshape(flat, x.shape.map(() => 1)) : flat;
  }
  const d = normalizeDim(dim, x.shape.length, op);
  const out = reduceDim(x, d, op);
  return options.keepdim === true ? unsqueezeDims(out, [d]) : out;
}

export interface VarianceOptions extends ReduceOptions {
  /** Subtracted from the count in the denominator: 1 (default) is the unbiased estimate, 0 the population variance. */
  correction?: number;
}

export function variance(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  if (!isFloatingDType(x.dtype)) {
    throw new DTypeError({ where: "var", expected: "a floating-point tensor", got: `dtype ${x.dtype}`, hint: "convert first, e.g. x.float().var()." });
  }
  const dims = reductionDims(x, dim, "var");
  let count = 1;
  for (const d of dims) count *= x.shape[d]!;
  const correction = options.correction ?? 1;
  const centered = sub(x, mean(x, dims, { keepdim: true }));
  // count − correction ≤ 0 gives inf/nan, as PyTorch does.
  return div(sum(mul(centered, centered), dims, options), Math.max(count - correction, 0));
}

export function std(x: Tensor, dim?: number | readonly number[], options: VarianceOptions = {}): Tensor {
  return sqrt(variance(x, dim, options));
}

/** log Σ exp(x), stable: the max is factored out (and treated as 0 where it is ±inf). */
export function logsumexp(x: Tensor, dim?: number | readonly number[], options: ReduceOptions = {}): Tensor {
  const input = isFloatingDType(x.dtype) ? x : cast(x, "float32");
  const dims = reductionDims(input, dim, "logsumexp");
  const m = reduceDims(input, dims, "max", true);
  const finite = binaryKernel("eq", sub(m, m), asTensor(0, m.dtype), "bool", "logsumexp");
  const shift = whereKernel(finite, m, asTensor(0, m.dtype));
  const s = log(sum(exp(sub(input, shift)), dims, { keepdim: true }));
  const out = add(s, shift);
  return options.keepdim === true ? out : reshape(out, input.shape.filter((_, i) => !dims.includes(i)));
}
