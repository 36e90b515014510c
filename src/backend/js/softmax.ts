import type { FloatArray } from "../dtype.js";

/**
 * Log-softmax along the rows of a contiguous [rows, cols] block, its backward, and cross-entropy's
 * backward, in float64 rounded once per stored value. The wasm kernels (kernels/assembly/softmax.ts)
 * repeat these operations in the same order, so both backends agree bit for bit: exponentials use
 * softExp below (not Math.exp, whose last bit differs between engines) and row sums add into four
 * interleaved partial sums (element j into partial j mod 4), as four SIMD lanes do.
 */

const LOG2E = 1.4426950408889634;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (fdlibm's constants). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
/** 2^k for k in [−1022, 1023], at index k + 1022: exact powers of two (normal numbers only). */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => Math.pow(2, i - 1022));

/**
 * e^a to about 2 ulp of float64 for a ≤ 709, from operations that are exact or correctly rounded
 * in every engine: a = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r^13 (error
 * below 1e-17), times 2^k. Arguments below −708 count as −708 (e^−708 ≈ 3e−308 stands in for
 * anything smaller, which no float32 result can tell apart); NaN stays NaN.
 */
export function softExp(a: number): number {
  const x = a < -708 ? -708 : a > 709 ? 709 : a;
  const k = Math.floor(x * LOG2E + 0.5);
  const r = (x - k * LN2_HI) - k * LN2_LO;
  let p = 1.6059043836821613e-10;
  p = p * r + 2.08767569878681e-9;
  p = p * r + 2.505210838544172e-8;
  p = p * r + 2.755731922398589e-7;
  p = p * r + 2.7557319223985893e-6;
  p = p * r + 2.48015873015873e-5;
  p = p * r + 1.984126984126984e-4;
  p = p * r + 1.388888888888889e-3;
  p = p * r + 8.333333333333333e-3;
  p = p * r + 4.1666666666666664e-2;
  p = p * r + 1.6666666666666666e-1;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  // NaN: (k + 1022) | 0 is 0, and p is already NaN.
  return p * POW2[(k + 1022) | 0]!;
}

/**
 * Per row r: stats[2r] = the row's max m (NaN if the row holds one), stats[2r + 1] = Σ_j e^(x_j − m)
 * in the four-partial order (left unset when m is not finite). What the wasm kernel computes too.
 */
export function rowMaxAndExpSum(x: FloatArray, xOffset: number, rows: number, cols: number, stats: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const at = xOffset + r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = x[at + j]!;
      if (v > m || v !== v) m = v;
      if (m !== m) break;
    }
    stats[2 * r] = m;
    if (!Number.isFinite(m)) continue;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
    for (; j + 4 <= cols; j += 4) {
      s0 += softExp(x[at + j]! - m);
      s1 += softExp(x[at + j + 1]! - m);
      s2 += softExp(x[at + j + 2]! - m);
      s3 += softExp(x[at + j + 3]! - m);
    }
    if (j < cols) s0 += softExp(x[at + j]! - m);
    if (j + 1 < cols) s1 += softExp(x[at + j + 1]! - m);
    if (j + 2 < cols) s2 += softExp(x[at + j + 2]! - m);
    stats[2 * r + 1] = (s0 + s2) + (s1 + s3);
  }
}

/**
 * Turns (max, sum) per row into (shift, log of the sum) in place, so that log-softmax is
 * (x − shift) − logSum. A row whose max is not finite (+inf, NaN, or only −inf) comes out NaN
 * throughout, as PyTorch 1.13's log_softmax gives.
 */
export function rowShiftAndLogSum(stats: Float64Array, rows: number): void {
  for (let r = 0; r < rows; r++) {
    const m = stats[2 * r]!;
    if (Number.isFinite(m)) stats[2 * r + 1] = Math.log(stats[2 * r + 1]!);
    else { stats[2 * r] = 0; stats[2 * r + 1] = NaN; }
  }
}

/** out[r, j] = (x[r, j] − shift_r) − logSum_r, from rowShiftAndLogSum's stats. */
export function applyLogSoftmax(x: FloatArray, xOffset: number, rows: number, cols: number, stats: Float64Array, out: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const shift = stats[2 * r]!, logSum = stats[2 * r + 1]!, at = r * cols;
    for (let j = 0; j < cols; j++) out[at + j] = (x[xOffset + at + j]! - shift) - logSum;
  }
}

/** Log-softmax of each row of a contiguous [rows, cols] block at x[xOffset …] into out. */
export function logSoftmax(x: FloatArray, xOffset: number, rows: number, cols: number, out: FloatArray): void {
  const stats = new Float64Array(2 * rows);
  rowMaxAndExpSum(x, xOffset, rows, cols, stats);
  rowShiftAndLogSum(stats, rows);
  applyLogSoftmax(x, xOffset, rows, cols, stats, out);
}

/** dx[r, j] = grad[r, j] − e^logp[r, j] · Σ_k grad[r, k] (the row sum in the four-partial order). */
export function logSoftmaxBackward(grad: FloatArray, logp: FloatArray, rows: number, cols: number, dx: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
    for (; j + 4 <= cols; j += 4) { s0 += grad[at + j]!; s1 += grad[at + j + 1]!; s2 += grad[at + j + 2]!; s3 += grad[at + j + 3]!; }
    if (j < cols) s0 += grad[at + j]!;
    if (j + 1 < cols) s1 += grad[at + j + 1]!;
    if (j + 2 < cols) s2 += grad[at + j + 2]!;
    const total = (s0 + s2) + (s1 + s3);
    for (let k = 0; k < cols; k++) dx[at + k] = grad[at + k]! - softExp(logp[at + k]!) * total;
  }
}

/**
 * Cross-entropy's backward from the log-probabilities: dx[r, j] = (e^logp[r, j] − [j = target[r]])·rowScale[r].
 * A target outside [0, cols) (an ignored row) marks no class.
 */
export function crossEntropyBackward(logp: FloatArray, target: Int32Array, rowScale: FloatArray, rows: number, cols: number, dx: FloatArray): void {
  for (let r = 0; r < rows; r++) {
    const at = r * cols, t = target[r]!, scale = rowScale[r]!;
    for (let j = 0; j < cols; j++) dx[at + j] = (softExp(logp[at + j]!) - (j === t ? 1 : 0)) * scale;
  }
}
