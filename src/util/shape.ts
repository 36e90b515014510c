import { ShapeError, ValueError } from "../errors.js";

export type Shape = readonly number[];

/** `[32, 784]`, the way every error and printout shows a shape. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; `where` names the op in the error. */
export function broadcastShapes(a: Shape, b: Shape, where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new ShapeError({
        where,
        expected: "shapes that broadcast (each dimension equal, or 1)",
        got: `${fmtShape(a)} and ${fmtShape(b)}, which differ at dimension ${i - rank} (${da} vs ${db})`,
      });
    }
  }
  return out;
}

/** Strides that read `shape`'s elements out of a tensor of `fromShape`/`fromStrides` broadcast to it. */
export function broadcastStrides(fromShape: Shape, fromStrides: Shape, shape: Shape): number[] {
  const lead = shape.length - fromShape.length;
  const out = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    out[i] = i < lead || fromShape[i - lead] === 1 ? 0 : fromStrides[i - lead]!;
  }
  return out;
}

/** A dimension index in [-rank, rank) turned into [0, rank). */
export function normalizeDim(dim: number, rank: number, where: string): number {
  const r = Math.max(rank, 1);
  if (!(Number.isInteger(dim) && dim >= -r && dim < r)) {
    throw new ShapeError({
      where,
      expected: `a dimension in [${-r}, ${r - 1}] for a tensor of rank ${rank}`,
      got: String(dim),
    });
  }
  return dim < 0 ? dim + r : dim;
}

/** Validates a size list (no NaN, no fractions, no negatives) and returns it as a plain array. */
export function checkShape(shape: readonly number[], where: string): number[] {
  for (const d of shape) {
    if (!(Number.isInteger(d) && d >= 0)) {
      throw new ValueError({ where, expected: "sizes that are non-negative integers", got: fmtShape(shape) });
    }
  }
  return [...shape];
}
