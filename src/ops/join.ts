import { getBackend } from "../backend/registry.js";
import { record } from "../autograd/node.js";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, normalizeDim } from "../util/shape.js";
import { cast } from "./core.js";
import { promoteTypes } from "./promote.js";
import { slice, unsqueeze } from "./shape.js";

/** Joins tensors along an existing dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError({ where: "cat", expected: "at least one tensor", got: "an empty list" });
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.shape.length, "cat");
  tensors.forEach((t, k) => {
    const same = t.shape.length === first.shape.length && t.shape.every((s, i) => i === d || s === first.shape[i]);
    if (!same) {
      throw new ShapeError({ where: "cat", expected: `every tensor to match ${fmtShape(first.shape)} except in dimension ${d}`, got: `tensor ${k} of shape ${fmtShape(t.shape)}` });
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const inputs = tensors.map((t) => cast(t, dtype));
  const shape = [...first.shape];
  shape[d] = inputs.reduce((n, t) => n + t.shape[d]!, 0);
  const out = Tensor.empty(shape, dtype);
  const starts: number[] = [];
  let at = 0;
  for (const t of inputs) {
    starts.push(at);
    getBackend().copyStrided(t.storage.data, t.offset, t.shape, t.strides, out.storage.data, at * out.strides[d]!, out.strides);
    at += t.shape[d]!;
  }
  return record("CatBackward0", inputs, out, (g, needs) =>
    inputs.map((t, k) => (needs[k] ? slice(g, starts[k]!, starts[k]! + t.shape[d]!, { dim: d }) : null)));
}

/** Joins tensors of one shape along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError({ where: "stack", expected: "at least one tensor", got: "an empty list" });
  const first = tensors[0]!;
  const d = normalizeDim(dim, first.shape.length + 1, "stack");
  tensors.forEach((t, k) => {
    if (t.shape.length !== first.shape.length || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new ShapeError({ where: "stack", expected: `every tensor of shape ${fmtShape(first.shape)}`, got: `tensor ${k} of shape ${fmtShape(t.shape)}` });
    }
  });
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** Views of consecutive pieces along `dim`: pieces of `size` (the last may be smaller), or of the listed sizes. */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.shape.length, "split");
  const total = x.shape[d]!;
  let sizes: number[];
  if (typeof sizeOrSections === "number") {
    if (!(Number.isInteger(sizeOrSections) && sizeOrSections > 0)) {
      throw new ValueError({ where: "split", expected: "a positive integer size", got: String(sizeOrSections) });
    }
    sizes = [];
    for (let at = 0; at < total; at += sizeOrSections) sizes.push(Math.min(sizeOrSections, total - at));
  } else {
    sizes = [...sizeOrSections];
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !(Number.isInteger(s) && s >= 0)) || sum !== total) {
      throw new ShapeError({ where: "split", expected: `non-negative sizes summing to ${total} (size of dimension ${d})`, got: fmtShape(sizes) });
    }
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(slice(x, at, at + s, { dim: d }));
    at += s;
  }
  return out;
}

/** `chunks` pieces of equal size along `dim` (the last may be smaller), as PyTorch. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!(Number.isInteger(chunks) && chunks > 0)) throw new ValueError({ where: "chunk", expected: "a positive integer number of chunks", got: String(chunks) });
  const d = normalizeDim(dim, x.shape.length, "chunk");
  const size = Math.max(Math.ceil(x.shape[d]! / chunks), 1);
  return split(x, size, d);
}
