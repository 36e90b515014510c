import type { FloatArray } from "../dtype.js";

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
