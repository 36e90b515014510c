// Log-softmax along rows of classes, its backward and cross-entropy's backward, over float32 in
// f64 with the operations of src/backend/js/softmax.ts in the same order, so results agree bit for
// bit: the same exponential (softExp2 = its softExp, lane by lane) and row sums in four interleaved
// partials (lanes 0, 1 of A and of B hold elements j mod 4 = 0, 1, 2, 3; total (A0 + B0) + (A1 + B1)).
// Elements past a row's end are masked to −0, which adds nothing to any sum (−0 + −0 stays −0).

import { highF64, loadTail, lowF64, toF32 } from "./lanes";

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

/** e^a per lane, exactly as softExp in js/softmax.ts (see there for the method and its range). */
// @ts-ignore: decorator
@inline export function softExp2(a: v128): v128 {
  const lo = f64x2.splat(-708), hi = f64x2.splat(709);
  let x = v128.bitselect(lo, a, f64x2.lt(a, lo));
  x = v128.bitselect(hi, x, f64x2.gt(x, hi));
  const k = f64x2.floor(f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(0.5)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(1.6059043836821613e-10);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.08767569878681e-9));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.505210838544172e-8));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.755731922398589e-7));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.7557319223985893e-6));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.48015873015873e-5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.984126984126984e-4));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.388888888888889e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(8.333333333333333e-3));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(4.1666666666666664e-2));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.6666666666666666e-1));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1));
  // 2^k from its bits; k is in [−1021, 1023] (NaN: k converts to 0, and p is already NaN).
  const twoK = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k)), i64x2.splat(1023)), 52);
  return f64x2.mul(p, twoK);
}

/** Lane masks of a tail of `rem` elements: all ones where the element exists. */
// @ts-ignore: decorator
@inline function tailMaskLow(rem: i32): v128 { return rem > 1 ? i64x2.splat(-1) : i64x2.replace_lane(i64x2.splat(0), 0, -1); }
// @ts-ignore: decorator
@inline function tailMaskHigh(rem: i32): v128 { return rem > 2 ? i64x2.replace_lane(i64x2.splat(0), 0, -1) : i64x2.splat(0); }

/** Elements where mask is set, −0 elsewhere. */
// @ts-ignore: decorator
@inline function orNegZero(v: v128, mask: v128): v128 { return v128.bitselect(v, f64x2.splat(-0.0), mask); }

/** (A0 + B0) + (A1 + B1): the four partial sums combined as the JS reference does. */
// @ts-ignore: decorator
@inline function combine(a: v128, b: v128): f64 {
  const c = f64x2.add(a, b);
  return f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
}

/**
 * Per row: stats[2r] = its max (NaN if it holds one), stats[2r + 1] = Σ e^(x − max) when the max is
 * finite (else left as is), as rowMaxAndExpSum in js/softmax.ts.
 */
export function rowMaxExpSumF32(x: usize, rows: i32, cols: i32, stats: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>cols << 2);
    let mv = f32x4.splat(-Infinity);
    let j = 0;
    for (; j + 4 <= cols; j += 4) mv = f32x4.max(mv, v128.load(row + (<usize>j << 2)));
    let m = max<f32>(max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (let t = j; t < cols; t++) m = max<f32>(m, load<f32>(row + (<usize>t << 2)));
    const m64 = <f64>m;
    store<f64>(stats + (<usize>r << 4), m64);
    if (!(m64 - m64 == 0)) continue;
    const mm = f64x2.splat(m64);
    let a = f64x2.splat(0), b = f64x2.splat(0);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      a = f64x2.add(a, softExp2(f64x2.sub(lowF64(v), mm)));
      b = f64x2.add(b, softExp2(f64x2.sub(highF64(v), mm)));
    }
    const rem = cols - j;
    if (rem > 0) {
      const v = loadTail(row + (<usize>j << 2), rem);
      a = f64x2.add(a, orNegZero(softExp2(f64x2.sub(lowF64(v), mm)), tailMaskLow(rem)));
      b = f64x2.add(b, orNegZero(softExp2(f64x2.sub(highF64(v), mm)), tailMaskHigh(rem)));
    }
    store<f64>(stats + (<usize>r << 4) + 8, combine(a, b));
  }
}

/** out[r, j] = (x[r, j] − stats[2r]) − stats[2r + 1], the shift and log-sum per row (js/softmax.ts applyLogSoftmax). */
export function applyLogSoftmaxF32(x: usize, rows: i32, cols: i32, stats: usize, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const at = <usize>r * <usize>cols << 2;
    const shift = load<f64>(stats + (<usize>r << 4)), logSum = load<f64>(stats + (<usize>r << 4) + 8);
    const sv = f64x2.splat(shift), lv = f64x2.splat(logSum);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = at + (<usize>j << 2);
      const v = v128.load(x + p);
      v128.store(out + p, toF32(f64x2.sub(f64x2.sub(lowF64(v), sv), lv), f64x2.sub(f64x2.sub(highF64(v), sv), lv)));
    }
    for (; j < cols; j++) {
      const p = at + (<usize>j << 2);
      store<f32>(out + p, <f32>((<f64>load<f32>(x + p) - shift) - logSum));
    }
  }
}

/** dx[r, j] = grad[r, j] − e^logp[r, j]·Σ_k grad[r, k] (js/softmax.ts logSoftmaxBackward). */
export function logSoftmaxBackwardF32(grad: usize, logp: usize, rows: i32, cols: i32, dx: usize): void {
  for (let r = 0; r < rows; r++) {
    const at = <usize>r * <usize>cols << 2;
    let a = f64x2.splat(0), b = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(grad + at + (<usize>j << 2));
      a = f64x2.add(a, lowF64(v));
      b = f64x2.add(b, highF64(v));
    }
    const rem = cols - j;
    if (rem > 0) {
      const v = loadTail(grad + at + (<usize>j << 2), rem);
      a = f64x2.add(a, orNegZero(lowF64(v), tailMaskLow(rem)));
      b = f64x2.add(b, orNegZero(highF64(v), tailMaskHigh(rem)));
    }
    const total = combine(a, b);
    const tv = f64x2.splat(total);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = at + (<usize>j << 2);
      const g = v128.load(grad + p), l = v128.load(logp + p);
      const lo = f64x2.sub(lowF64(g), f64x2.mul(softExp2(lowF64(l)), tv));
      const hi = f64x2.sub(highF64(g), f64x2.mul(softExp2(highF64(l)), tv));
      v128.store(dx + p, toF32(lo, hi));
    }
    for (; j < cols; j++) {
      const p = at + (<usize>j << 2);
      const e = f64x2.extract_lane(softExp2(f64x2.splat(<f64>load<f32>(logp + p))), 0);
      store<f32>(dx + p, <f32>(<f64>load<f32>(grad + p) - e * total));
    }
  }
}

/** dx[r, j] = (e^logp[r, j] − [j = target[r]])·scale[r] (js/softmax.ts crossEntropyBackward). */
export function crossEntropyBackwardF32(logp: usize, target: usize, scale: usize, rows: i32, cols: i32, dx: usize): void {
  const one = f64x2.splat(1), zero = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const at = <usize>r * <usize>cols << 2;
    const t = load<i32>(target + (<usize>r << 2));
    const s = <f64>load<f32>(scale + (<usize>r << 2));
    const sv = f64x2.splat(s);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = at + (<usize>j << 2);
      const l = v128.load(logp + p);
      // 1 in the lane of the target class, else 0.
      const hot = i32x4.eq(i32x4.add(i32x4.splat(j), i32x4(0, 1, 2, 3)), i32x4.splat(t));
      const hotLo = v128.bitselect(one, zero, i64x2.extend_low_i32x4_s(hot));
      const hotHi = v128.bitselect(one, zero, i64x2.extend_high_i32x4_s(hot));
      const lo = f64x2.mul(f64x2.sub(softExp2(lowF64(l)), hotLo), sv);
      const hi = f64x2.mul(f64x2.sub(softExp2(highF64(l)), hotHi), sv);
      v128.store(dx + p, toF32(lo, hi));
    }
    for (; j < cols; j++) {
      const p = at + (<usize>j << 2);
      const e = f64x2.extract_lane(softExp2(f64x2.splat(<f64>load<f32>(logp + p))), 0);
      store<f32>(dx + p, <f32>((e - (j == t ? 1.0 : 0.0)) * s));
    }
  }
}
