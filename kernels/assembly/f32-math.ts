// The transcendentals of src/backend/js/f32-math.ts on two f64 lanes: the same operations in the same
// order, both branches computed and selected per lane, so each lane equals the JS function bit for bit.

import { softExp2 } from "./softmax";

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const SQRT2: f64 = 1.4142135623730951;
const LOG1P_LO: f64 = -0.2928932188134524;
const LOG1P_HI: f64 = 0.41421356237309515;
const TANH_TINY: f64 = 3.725290298461914e-9;
const HALF_LN2: f64 = 0.34657359027997264;

// @ts-ignore: decorator
@inline function splat(v: f64): v128 { return f64x2.splat(v); }
// @ts-ignore: decorator
@inline function madd(p: v128, x: v128, c: f64): v128 { return f64x2.add(f64x2.mul(p, x), f64x2.splat(c)); }

/** logCore of js/f32-math.ts: log(1 + f) + e·ln 2 by the atanh series, e = 0 giving the series alone. */
// @ts-ignore: decorator
@inline function logCore2(f: v128, e: v128): v128 {
  const s = f64x2.div(f, f64x2.add(splat(2), f));
  const z = f64x2.mul(s, s);
  let p = splat(0.043478260869565216);
  p = madd(p, z, 0.047619047619047616);
  p = madd(p, z, 0.05263157894736842);
  p = madd(p, z, 0.058823529411764705);
  p = madd(p, z, 0.06666666666666667);
  p = madd(p, z, 0.07692307692307693);
  p = madd(p, z, 0.09090909090909091);
  p = madd(p, z, 0.1111111111111111);
  p = madd(p, z, 0.14285714285714285);
  p = madd(p, z, 0.2);
  p = madd(p, z, 0.3333333333333333);
  const t = f64x2.mul(splat(2), s);
  const l = f64x2.add(t, f64x2.mul(t, f64x2.mul(z, p)));
  const full = f64x2.add(f64x2.mul(e, splat(LN2_HI)), f64x2.add(l, f64x2.mul(e, splat(LN2_LO))));
  return v128.bitselect(l, full, f64x2.eq(e, splat(0)));
}

/**
 * log of positive finite lanes from the exponent field and the mantissa scaled into (√½, √2]; the
 * others as Math.log: ±0 → −∞, +∞ → +∞, negative or NaN → NaN.
 */
// @ts-ignore: decorator
@inline function logOf(u: v128, inBand: v128, x: v128): v128 {
  // The exponent field E as an exact f64: the bits of 2^52 + E, minus 2^52.
  const field = i64x2.shr_u(u, 52);
  let e = f64x2.sub(f64x2.sub(v128.or(field, i64x2.splat(0x4330000000000000)), splat(4503599627370496)), splat(1023));
  let m = v128.or(v128.and(u, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, splat(0.5)), m, big);
  e = v128.bitselect(f64x2.add(e, splat(1)), e, big);
  // log1p's small arguments: f = x itself, e = 0.
  const f = v128.bitselect(x, f64x2.sub(m, splat(1)), inBand);
  e = v128.bitselect(splat(0), e, inBand);
  const core = logCore2(f, e);
  const valid = v128.or(inBand, v128.and(f64x2.gt(u, splat(0)), f64x2.lt(u, splat(Infinity))));
  const special = v128.bitselect(splat(-Infinity), v128.bitselect(u, splat(NaN), f64x2.eq(u, splat(Infinity))), f64x2.eq(u, splat(0)));
  return v128.bitselect(core, special, valid);
}

// @ts-ignore: decorator
@inline export function log2(u: v128): v128 { return logOf(u, v128.xor(u, u), u); }

// @ts-ignore: decorator
@inline export function log1p2(x: v128): v128 {
  const inBand = v128.and(f64x2.ge(x, splat(LOG1P_LO)), f64x2.le(x, splat(LOG1P_HI)));
  return logOf(f64x2.add(splat(1), x), inBand, x);
}

// @ts-ignore: decorator
@inline export function expm12(x: v128): v128 {
  let p = splat(1.6059043836821613e-10);
  p = madd(p, x, 2.08767569878681e-9);
  p = madd(p, x, 2.505210838544172e-8);
  p = madd(p, x, 2.755731922398589e-7);
  p = madd(p, x, 2.7557319223985893e-6);
  p = madd(p, x, 2.48015873015873e-5);
  p = madd(p, x, 1.984126984126984e-4);
  p = madd(p, x, 1.388888888888889e-3);
  p = madd(p, x, 8.333333333333333e-3);
  p = madd(p, x, 4.1666666666666664e-2);
  p = madd(p, x, 1.6666666666666666e-1);
  p = madd(p, x, 0.5);
  p = madd(p, x, 1);
  const small = v128.and(f64x2.ge(x, splat(-HALF_LN2)), f64x2.le(x, splat(HALF_LN2)));
  return v128.bitselect(f64x2.mul(p, x), f64x2.sub(softExp2(x), splat(1)), small);
}

// @ts-ignore: decorator
@inline export function tanh2(x: v128): v128 {
  const ax = f64x2.abs(x);
  const t = expm12(f64x2.mul(splat(2), ax));
  const r = f64x2.div(t, f64x2.add(t, splat(2)));
  const signed = v128.bitselect(f64x2.neg(r), r, f64x2.lt(x, splat(0)));
  return v128.bitselect(signed, x, f64x2.ge(ax, splat(TANH_TINY)));
}

// @ts-ignore: decorator
@inline export function sigmoid2(x: v128): v128 {
  const pos = f64x2.div(splat(1), f64x2.add(splat(1), softExp2(f64x2.neg(x))));
  const e = softExp2(x);
  const neg = f64x2.div(e, f64x2.add(splat(1), e));
  return v128.bitselect(pos, neg, f64x2.ge(x, splat(0)));
}
