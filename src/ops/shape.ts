import { record } from "../autograd/node.js";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, normalizeDim, numelOf, shapesEqual } from "../util/shape.js";
import { contiguous, copyContiguous, sumToShape } from "./core.js";
import { getBackend } from "../backend/registry.js";

/** A view sharing x's storage, recorded so gradients flow back through `backward`. */
function view(x: Tensor, shape: readonly number[], strides: readonly number[] | undefined, offset: number, name: string, backward: (g: Tensor) => Tensor): Tensor {
  const out = new Tensor(x.storage, shape, strides, offset);
  return record(name, [x], out, (g) => [backward(g)], { isView: true });
}

/** Resolves one -1 and checks the element count. */
function inferShape(x: Tensor, shape: readonly number[], where: string): number[] {
  const n = x.numel();
  let inferred = -1, known = 1;
  shape.forEach((d, i) => {
    if (d === -1 && inferred === -1) inferred = i;
    else if (!(Number.isInteger(d) && d >= 0)) {
      throw new ValueError({ where, expected: "sizes that are non-negative integers, with at most one -1", got: fmtShape(shape) });
    } else known *= d;
  });
  const out = [...shape];
  if (inferred >= 0) {
    if (known === 0 || n % known !== 0) {
      throw new ShapeError({ where, expected: `a shape whose known sizes divide ${n} (the input's element count)`, got: `${fmtShape(shape)} for input of shape ${fmtShape(x.shape)}` });
    }
    out[inferred] = n / known;
  } else if (known !== n) {
    throw new ShapeError({ where, expected: `a shape with ${n} elements (the input's ${fmtShape(x.shape)})`, got: `${fmtShape(shape)} with ${known} elements` });
  }
  return out;
}

/** Same elements, new shape, no copy; the input must be contiguous (use reshape otherwise). */
export function viewAs(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(x, shape, "view");
  if (!x.isContiguous()) {
    throw new ShapeError({
      where: "view",
      expected: "a contiguous input",
      got: `a strided view of shape ${fmtShape(x.shape)} with strides ${fmtShape(x.strides)}`,
      hint: "use reshape(), which copies when it must, or call contiguous() first.",
    });
  }
  const inShape = x.shape;
  return view(x, target, undefined, x.offset, "ViewBackward0", (g) => reshape(g, inShape));
}

/** Same elements, new shape: a view when possible, a copy otherwise. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(x, shape, "reshape");
  if (shapesEqual(target, x.shape)) return x;
  const src = contiguous(x);
  const inShape = x.shape;
  const out = new Tensor(src.storage, target, undefined, src.offset);
  return record("ViewBackward0", [src], out, (g) => [reshape(g, inShape)], { isView: true });
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.shape.length === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.shape.length, "flatten");
  const e = normalizeDim(endDim, x.shape.length, "flatten");
  if (s > e) throw new ValueError({ where: "flatten", expected: "startDim ≤ endDim", got: `startDim ${startDim}, endDim ${endDim}` });
  const merged = numelOf(x.shape.slice(s, e + 1));
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const rank = x.shape.length;
  const norm = dims.map((d) => normalizeDim(d, rank, "permute"));
  if (norm.length !== rank || new Set(norm).size !== rank) {
    throw new ShapeError({ where: "permute", expected: `a permutation of the ${rank} dims`, got: fmtShape(dims) });
  }
  const inverse = new Array<number>(rank);
  norm.forEach((d, i) => { inverse[d] = i; });
  return view(x, norm.map((d) => x.shape[d]!), norm.map((d) => x.strides[d]!), x.offset, "PermuteBackward0", (g) => permute(g, inverse));
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const rank = x.shape.length;
  if (rank === 0) return x;
  const a = normalizeDim(dim0, rank, "transpose"), b = normalizeDim(dim1, rank, "transpose");
  const order = x.shape.map((_, i) => i);
  order[a] = b;
  order[b] = a;
  return view(x, order.map((d) => x.shape[d]!), order.map((d) => x.strides[d]!), x.offset, "TransposeBackward0", (g) => transpose(g, a, b));
}

/** 2-D transpose (PyTorch's .t()); 0-d and 1-D tensors are returned as they are. */
export function t(x: Tensor): Tensor {
  if (x.shape.length > 2) {
    throw new ShapeError({ where: "t", expected: "a tensor of at most 2 dims", got: `shape ${fmtShape(x.shape)}`, hint: "use transpose(dim0, dim1) or permute for more dims." });
  }
  return x.shape.length < 2 ? x : transpose(x, 0, 1);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1, "unsqueeze");
  return unsqueezeDims(x, [d]);
}

/** Inserts size-1 dims so they sit at the given (sorted, output-relative) positions. */
export function unsqueezeDims(x: Tensor, dims: readonly number[]): Tensor {
  const shape = [...x.shape], strides = [...x.strides];
  for (const d of [...dims].sort((a, b) => a - b)) {
    shape.splice(d, 0, 1);
    strides.splice(d, 0, d < strides.length ? strides[d]! * shape[d + 1]! : 1);
  }
  const inShape = x.shape;
  return view(x, shape, strides, x.offset, "UnsqueezeBackward0", (g) => reshape(g, inShape));
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  let keep: number[];
  if (dim === undefined) keep = x.shape.map((_, i) => i).filter((i) => x.shape[i] !== 1);
  else {
    const d = normalizeDim(dim, x.shape.length, "squeeze");
    keep = x.shape.map((_, i) => i).filter((i) => i !== d || x.shape[i] !== 1);
  }
  if (keep.length === x.shape.length) return x;
  const inShape = x.shape;
  return view(x, keep.map((i) => x.shape[i]!), keep.map((i) => x.strides[i]!), x.offset, "SqueezeBackward0", (g) => reshape(g, inShape));
}

/** Broadcasts size-1 dims to `shape` without copying (-1 keeps a size). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.shape.length;
  if (lead < 0) {
    throw new ShapeError({ where: "expand", expected: `a shape of at least ${x.shape.length} dims`, got: `${fmtShape(shape)} for input of shape ${fmtShape(x.shape)}` });
  }
  const outShape: number[] = [], strides: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i]!;
    if (i < lead) {
      if (!(Number.isInteger(want) && want >= 0)) throw new ShapeError({ where: "expand", expected: "non-negative sizes for new leading dims", got: fmtShape(shape) });
      outShape.push(want); strides.push(0);
      continue;
    }
    const have = x.shape[i - lead]!;
    const size = want === -1 ? have : want;
    if (size !== have && have !== 1) {
      throw new ShapeError({ where: "expand", expected: `size ${have} or 1 at dimension ${i} (only size-1 dims expand)`, got: `${fmtShape(shape)} for input of shape ${fmtShape(x.shape)}` });
    }
    outShape.push(size);
    strides.push(size !== have ? 0 : x.strides[i - lead]!);
  }
  if (shapesEqual(outShape, x.shape)) return x;
  const inShape = x.shape;
  return view(x, outShape, strides, x.offset, "ExpandBackward0", (g) => sumToShape(g, inShape));
}

export interface SliceOptions {
  dim?: number;
  step?: number;
}

/** x[start:end:step] along `dim` (default 0) as a view; indices follow Python (negative from the end, clamped). */
export function slice(x: Tensor, start: number, end?: number, options: SliceOptions = {}): Tensor {
  const d = normalizeDim(options.dim ?? 0, x.shape.length, "slice");
  const size = x.shape[d]!;
  const step = options.step ?? 1;
  for (const [name, v] of [["start", start], ["end", end ?? 0], ["step", step]] as const) {
    if (!Number.isInteger(v)) throw new ValueError({ where: "slice", expected: `an integer ${name}`, got: String(v) });
  }
  if (!(step > 0)) throw new ValueError({ where: "slice", expected: "a positive step", got: String(step) });
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start), e = Math.max(clampIndex(end ?? size), s);
  const len = Math.ceil((e - s) / step);
  const shape = [...x.shape], strides = [...x.strides];
  shape[d] = len;
  strides[d] = x.strides[d]! * step;
  const inShape = x.shape;
  return view(x, shape, strides, x.offset + s * x.strides[d]!, "SliceBackward0", (g) => {
    // Scatter the gradient into zeros at the sliced positions.
    const full = Tensor.empty(inShape, g.dtype);
    const fullStrides = [...full.strides];
    const dstStrides = [...fullStrides];
    dstStrides[d] = fullStrides[d]! * step;
    getBackend().copyStrided(g.storage.data, g.offset, g.shape, g.strides, full.storage.data, s * fullStrides[d]!, dstStrides);
    return full;
  });
}

/** x.narrow(dim, start, length) as in PyTorch. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, x.shape.length, "narrow");
  if (!(Number.isInteger(start) && Number.isInteger(length) && start >= 0 && length >= 0 && start + length <= x.shape[d]!)) {
    throw new ShapeError({ where: "narrow", expected: `0 ≤ start and start + length ≤ ${x.shape[d]} (size of dim ${dim})`, got: `start ${start}, length ${length}` });
  }
  return slice(x, start, start + length, { dim: d });
}

/** x.select(dim, index): removes `dim`, keeping position `index` (negative counts from the end). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim(dim, x.shape.length, "select");
  const size = x.shape[d]!;
  if (!(Number.isInteger(index) && index >= -size && index < size)) {
    throw new ShapeError({ where: "select", expected: `an index in [${-size}, ${size - 1}] for dimension ${dim} of size ${size}`, got: String(index) });
  }
  return squeeze(slice(x, index < 0 ? index + size : index, (index < 0 ? index + size : index) + 1, { dim: d }), d);
}

export { contiguous, copyContiguous };
