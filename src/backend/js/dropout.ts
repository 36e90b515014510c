import type { FloatArray } from "../dtype.js";
import { dropMaskBits } from "../../random/distributions.js";

/** out[i] = x[i]·scale where bit i of `keep` is set, else 0 (bit i is word i>>5, bit i&31). */
export function maskedScale(x: FloatArray, xOffset: number, n: number, keep: Uint32Array, scale: number, out: FloatArray): void {
  const full = n >>> 5;
  for (let w = 0; w < full; w++) {
    const bits = keep[w]!;
    const base = w << 5;
    if (bits === 0) {
      for (let j = 0; j < 32; j++) out[base + j] = 0;
      continue;
    }
    for (let j = 0; j < 32; j++) out[base + j] = (bits >>> j) & 1 ? x[xOffset + base + j]! * scale : 0;
  }
  for (let i = full << 5; i < n; i++) out[i] = (keep[i >>> 5]! >>> (i & 31)) & 1 ? x[xOffset + i]! * scale : 0;
}

/**
 * out = keep ? x·scale + shift : dropped over a contiguous x of `shape`; the mask bit of an element
 * is Σ idx[d]·maskStrides[d], so a stride of 0 shares one bit along that dim (channel, time, sample).
 */
export function maskedAffine(x: FloatArray, xOffset: number, shape: readonly number[], keep: Uint32Array, maskStrides: readonly number[], scale: number, shift: number, dropped: number, out: FloatArray): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = keep[0]! & 1 ? x[xOffset]! * scale + shift : dropped;
    return;
  }
  const inner = shape[rank - 1]!, innerStride = maskStrides[rank - 1]!;
  const idx = new Array<number>(rank - 1).fill(0);
  const total = shape.reduce((a, b) => a * b, 1);
  let base = 0;
  for (let start = 0; start < total; start += inner) {
    for (let j = 0, m = base; j < inner; j++, m += innerStride) {
      out[start + j] = (keep[m >>> 5]! >>> (m & 31)) & 1 ? x[xOffset + start + j]! * scale + shift : dropped;
    }
    // Odometer over the outer dims, keeping `base` = the mask index of the row start.
    for (let d = rank - 2; d >= 0; d--) {
      base += maskStrides[d]!;
      if (++idx[d]! < shape[d]!) break;
      base -= maskStrides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** dropMaskBits, then (when x is given) maskedScale: the reference the fused wasm kernel must match. */
export function dropoutMask(n: number, p: number, key0: number, key1: number, offset: number, x: FloatArray | null, xOffset: number, scale: number, out: FloatArray | null): Uint32Array {
  const keep = dropMaskBits(n, p, key0, key1, offset);
  if (x !== null && out !== null) maskedScale(x, xOffset, n, keep, scale, out);
  return keep;
}
