import type { ReduceOp } from "../backend.js";
import type { TypedArray } from "../dtype.js";

/** Reduces the middle axis of a contiguous [outer, size, inner] block into out[outer * inner]. */
export function reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < inner; i++) {
      const start = base + i;
      out[o * inner + i] = reduceLine(op, x, start, size, inner);
    }
  }
}

function reduceLine(op: ReduceOp, x: TypedArray, start: number, size: number, stride: number): number {
  switch (op) {
    case "sum": {
      // Accumulate in float64: more accurate than float32 pairwise sums, and cheap here.
      let s = 0;
      for (let j = 0; j < size; j++) s += x[start + j * stride]!;
      return s;
    }
    case "prod": {
      let s = 1;
      for (let j = 0; j < size; j++) s *= x[start + j * stride]!;
      return s;
    }
    case "max": case "min": {
      const isMax = op === "max";
      let best = x[start]!;
      for (let j = 1; j < size; j++) {
        const v = x[start + j * stride]!;
        if (v !== v) return v;
        if (isMax ? v > best : v < best) best = v;
      }
      return best;
    }
    case "argmax": case "argmin": {
      const isMax = op === "argmax";
      let best = x[start]!, at = 0;
      if (best !== best) return 0;
      for (let j = 1; j < size; j++) {
        const v = x[start + j * stride]!;
        if (v !== v) return j;
        if (isMax ? v > best : v < best) { best = v; at = j; }
      }
      return at;
    }
  }
}
