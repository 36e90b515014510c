import { softExp } from "./softmax.js";

/**
 * Transcendental functions for float32 results, shared bit for bit with the wasm kernels
 * (kernels/assembly/f32-math.ts repeats each operation in the same order, two lanes at a time).
 * Math.exp, Math.log, … differ in their last bits between engines; these use only operations that
 * are exact or correctly rounded everywhere (+ − × ÷, floor, exact scaling by powers of two) and
 * work in float64, to a few float64 ulps, so the one rounding to float32 when the result is stored
 * is almost always the correctly rounded float32 (never more than 1 float32 ulp off).
 * For float64 outputs the JS backend keeps Math.* (these are not float64-accurate at the ends:
 * softExp clamps its argument to [−708, 709]).
 */

/** ln 2 split so that e·LN2_HI is exact for |e| < 2^11 (fdlibm's constants, as softExp). */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SQRT2 = 1.4142135623730951;
/** log1p takes its argument as f itself on [√½ − 1, √2 − 1], where 1 + x would lose its low bits. */
const LOG1P_LO = -0.2928932188134524;
const LOG1P_HI = 0.41421356237309515;
/** Below this |x|, tanh(x) = x in float64 already. */
const TANH_TINY = 3.725290298461914e-9; // 2^-28

const scratch = new Float64Array(1);
const scratchHi = new Uint32Array(scratch.buffer, 4, 1); // little-endian, as every wasm host

/**
 * log(1 + f) for f = m − 1, m in [√½, √2]: 2·atanh(s), s = f / (2 + f), |s| ≤ 0.1716, by its
 * series to s^23 (truncation below 1e-19 relative). Plus e·ln 2.
 */
function logCore(f: number, e: number): number {
  const s = f / (2 + f);
  const z = s * s;
  let p = 0.043478260869565216;
  p = p * z + 0.047619047619047616;
  p = p * z + 0.05263157894736842;
  p = p * z + 0.058823529411764705;
  p = p * z + 0.06666666666666667;
  p = p * z + 0.07692307692307693;
  p = p * z + 0.09090909090909091;
  p = p * z + 0.1111111111111111;
  p = p * z + 0.14285714285714285;
  p = p * z + 0.2;
  p = p * z + 0.3333333333333333;
  const t = 2 * s;
  const l = t + t * (z * p);
  // e = 0 returns l itself: adding 0·ln 2 would turn log1p(−0) = −0 into +0.
  return e === 0 ? l : e * LN2_HI + (l + e * LN2_LO);
}

/** u = 2^e·m with m in (√½, √2] (u positive, finite, normal): scratch holds m, returns e. */
function splitExponent(u: number): number {
  scratch[0] = u;
  const hi = scratchHi[0]!;
  let e = (hi >>> 20) - 1023;
  scratchHi[0] = (hi & 0xfffff) | 0x3ff00000;
  if (scratch[0]! > SQRT2) { scratch[0] = scratch[0]! * 0.5; e += 1; }
  return e;
}

/** log for positive finite u; 0 → −∞ (either sign), +∞ → +∞, negative or NaN → NaN (as Math.log). */
export function logF32(u: number): number {
  if (!(u > 0 && u < Infinity)) return u === 0 ? -Infinity : u === Infinity ? u : NaN;
  const e = splitExponent(u);
  return logCore(scratch[0]! - 1, e);
}

/** log(1 + x): small x go into the series directly; elsewhere 1 + x (rounded) loses < 1e-16 relative. */
export function log1pF32(x: number): number {
  if (x >= LOG1P_LO && x <= LOG1P_HI) return logCore(x, 0);
  return logF32(1 + x);
}

export function expF32(x: number): number {
  return softExp(x);
}

/**
 * e^x − 1: for |x| ≤ ln2 / 2 the Taylor series of softExp without its leading 1 (no cancellation;
 * keeps −0 and subnormals), elsewhere softExp(x) − 1, where |e^x − 1| ≥ 0.29 keeps the relative error small.
 */
export function expm1F32(x: number): number {
  if (!(x >= -0.34657359027997264 && x <= 0.34657359027997264)) return softExp(x) - 1;
  let p = 1.6059043836821613e-10;
  p = p * x + 2.08767569878681e-9;
  p = p * x + 2.505210838544172e-8;
  p = p * x + 2.755731922398589e-7;
  p = p * x + 2.7557319223985893e-6;
  p = p * x + 2.48015873015873e-5;
  p = p * x + 1.984126984126984e-4;
  p = p * x + 1.388888888888889e-3;
  p = p * x + 8.333333333333333e-3;
  p = p * x + 4.1666666666666664e-2;
  p = p * x + 1.6666666666666666e-1;
  p = p * x + 0.5;
  p = p * x + 1;
  return p * x;
}

/** tanh(x) = t / (t + 2) with t = e^(2|x|) − 1, signed; tiny x, ±0 and NaN are themselves. */
export function tanhF32(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= TANH_TINY)) return x;
  const t = expm1F32(2 * ax);
  const r = t / (t + 2);
  return x < 0 ? -r : r;
}

/** As the JS reference's formula, with softExp for Math.exp. */
export function sigmoidF32(x: number): number {
  if (x >= 0) return 1 / (1 + softExp(-x));
  const e = softExp(x);
  return e / (1 + e);
}

