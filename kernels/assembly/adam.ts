// Adam's common case (no weight decay, no amsgrad, not maximize) in one pass, in f64 with the
// operations of src/backend/js/optim.ts adamStep in the same order, so results agree bit for bit.

import { highF64, lowF64, toF32 } from "./lanes";

/** One element, scalar: the tail. */
// @ts-ignore: decorator
@inline function adam1(param: usize, grad: usize, m: usize, v: usize, beta1: f64, beta2: f64, c1: f64, c2: f64, stepSize: f64, invBc2: f64, eps: f64): void {
  const g = <f64>load<f32>(grad);
  const mi = beta1 * <f64>load<f32>(m) + c1 * g;
  const vi = beta2 * <f64>load<f32>(v) + c2 * g * g;
  store<f32>(m, <f32>mi);
  store<f32>(v, <f32>vi);
  store<f32>(param, <f32>(<f64>load<f32>(param) - (stepSize * mi) / (Math.sqrt(vi) * invBc2 + eps)));
}

export function adamF32(param: usize, grad: usize, m: usize, v: usize, n: i32, beta1: f64, beta2: f64, c1: f64, c2: f64, stepSize: f64, invBc2: f64, eps: f64): void {
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2), k1 = f64x2.splat(c1), k2 = f64x2.splat(c2);
  const ss = f64x2.splat(stepSize), ib = f64x2.splat(invBc2), ep = f64x2.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const g4 = v128.load(grad + at), m4 = v128.load(m + at), v4 = v128.load(v + at), p4 = v128.load(param + at);
    const gl = lowF64(g4), gh = highF64(g4);
    const ml = f64x2.add(f64x2.mul(b1, lowF64(m4)), f64x2.mul(k1, gl));
    const mh = f64x2.add(f64x2.mul(b1, highF64(m4)), f64x2.mul(k1, gh));
    const vl = f64x2.add(f64x2.mul(b2, lowF64(v4)), f64x2.mul(f64x2.mul(k2, gl), gl));
    const vh = f64x2.add(f64x2.mul(b2, highF64(v4)), f64x2.mul(f64x2.mul(k2, gh), gh));
    v128.store(m + at, toF32(ml, mh));
    v128.store(v + at, toF32(vl, vh));
    const pl = f64x2.sub(lowF64(p4), f64x2.div(f64x2.mul(ss, ml), f64x2.add(f64x2.mul(f64x2.sqrt(vl), ib), ep)));
    const ph = f64x2.sub(highF64(p4), f64x2.div(f64x2.mul(ss, mh), f64x2.add(f64x2.mul(f64x2.sqrt(vh), ib), ep)));
    v128.store(param + at, toF32(pl, ph));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    adam1(param + at, grad + at, m + at, v + at, beta1, beta2, c1, c2, stepSize, invBc2, eps);
  }
}

/**
 * The general case, as the JS reference's second loop: maximize negates the gradient; weight decay
 * is decoupled (p·decay) or added to the gradient; AMSGrad keeps the running max of v in maxV
 * (maxV = 0: off); the denominator divides by bc2Sqrt, where the common case multiplies by its inverse.
 */
export function adamGeneralF32(param: usize, grad: usize, m: usize, v: usize, maxV: usize, n: i32, beta1: f64, beta2: f64, stepSize: f64, bc2Sqrt: f64, eps: f64, weightDecay: f64, decoupled: bool, decay: f64, maximize: bool): void {
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2), k1 = f64x2.splat(1 - beta1), k2 = f64x2.splat(1 - beta2);
  const ss = f64x2.splat(stepSize), bc = f64x2.splat(bc2Sqrt), ep = f64x2.splat(eps), wd = f64x2.splat(weightDecay), dc = f64x2.splat(decay);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 2;
    const two = i + 2 <= n;
    // Two elements at a time; a last odd element goes through the same vector code with lane 1 unused.
    const gf = two ? v128.load64_zero(grad + at) : v128.load32_zero(grad + at);
    const pf = two ? v128.load64_zero(param + at) : v128.load32_zero(param + at);
    const mf = two ? v128.load64_zero(m + at) : v128.load32_zero(m + at);
    const vf = two ? v128.load64_zero(v + at) : v128.load32_zero(v + at);
    let g = f64x2.promote_low_f32x4(gf);
    if (maximize) g = f64x2.neg(g);
    let p = f64x2.promote_low_f32x4(pf);
    if (weightDecay != 0) {
      if (decoupled) p = f64x2.mul(p, dc);
      else g = f64x2.add(g, f64x2.mul(wd, p));
    }
    const mi = f64x2.add(f64x2.mul(b1, f64x2.promote_low_f32x4(mf)), f64x2.mul(k1, g));
    const vi = f64x2.add(f64x2.mul(b2, f64x2.promote_low_f32x4(vf)), f64x2.mul(f64x2.mul(k2, g), g));
    let vHat = vi;
    if (maxV != 0) {
      const xf = two ? v128.load64_zero(maxV + at) : v128.load32_zero(maxV + at);
      vHat = f64x2.max(f64x2.promote_low_f32x4(xf), vi);
    }
    const pn = f64x2.sub(p, f64x2.div(f64x2.mul(ss, mi), f64x2.add(f64x2.div(f64x2.sqrt(vHat), bc), ep)));
    const mo = f32x4.demote_f64x2_zero(mi), vo = f32x4.demote_f64x2_zero(vi), po = f32x4.demote_f64x2_zero(pn), xo = f32x4.demote_f64x2_zero(vHat);
    if (two) {
      v128.store64_lane(m + at, mo, 0); v128.store64_lane(v + at, vo, 0); v128.store64_lane(param + at, po, 0);
      if (maxV != 0) v128.store64_lane(maxV + at, xo, 0);
    } else {
      v128.store32_lane(m + at, mo, 0); v128.store32_lane(v + at, vo, 0); v128.store32_lane(param + at, po, 0);
      if (maxV != 0) v128.store32_lane(maxV + at, xo, 0);
    }
  }
}
