// SGD, RMSprop and Adagrad updates in one pass each, in f64 with the operations of
// src/backend/js/optim.ts in the same order, so results agree with it bit for bit. Two elements at a
// time as f64x2; a last odd element goes through the same vector code with lane 1 unused. Values the
// JS reference keeps in float64 between statements (a momentum buffer, a running average) stay
// unrounded here too; only what it stores to a Float32Array is rounded.

/** Two f32 (or one, when !two) from p, as f64x2. */
// @ts-ignore: decorator
@inline function load2(p: usize, two: bool): v128 {
  return f64x2.promote_low_f32x4(two ? v128.load64_zero(p) : v128.load32_zero(p));
}

/** Rounds x to f32 and stores two lanes (or one, when !two) at p. */
// @ts-ignore: decorator
@inline function store2(p: usize, x: v128, two: bool): void {
  const r = f32x4.demote_f64x2_zero(x);
  if (two) v128.store64_lane(p, r, 0);
  else v128.store32_lane(p, r, 0);
}

/** The gradient as the update sees it: negated when maximizing, plus weightDecay·param. */
// @ts-ignore: decorator
@inline function effectiveGrad(g: v128, p: v128, maximize: bool, weightDecay: f64): v128 {
  let d = maximize ? f64x2.neg(g) : g;
  if (weightDecay != 0) d = f64x2.add(d, f64x2.mul(f64x2.splat(weightDecay), p));
  return d;
}

/**
 * SGD: momentumBuf = 0 means no momentum buffer; on the first step the buffer starts at the
 * gradient; `undamped` is 1 − dampening as the JS reference computes it.
 */
export function sgdF32(param: usize, grad: usize, momentumBuf: usize, n: i32, lr: f64, momentum: f64, undamped: f64, nesterov: bool, weightDecay: f64, maximize: bool, firstStep: bool): void {
  const lrv = f64x2.splat(lr), mo = f64x2.splat(momentum), un = f64x2.splat(undamped);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 2, two = i + 2 <= n;
    const p = load2(param + at, two);
    let d = effectiveGrad(load2(grad + at, two), p, maximize, weightDecay);
    if (momentumBuf != 0) {
      const buf = firstStep ? d : f64x2.add(f64x2.mul(mo, load2(momentumBuf + at, two)), f64x2.mul(un, d));
      store2(momentumBuf + at, buf, two);
      d = nesterov ? f64x2.add(d, f64x2.mul(mo, buf)) : buf;
    }
    store2(param + at, f64x2.sub(p, f64x2.mul(lrv, d)), two);
  }
}

/** RMSprop: gradAvg = 0 is the uncentered form, momentumBuf = 0 no momentum; `oneMinusAlpha` = 1 − alpha. */
export function rmspropF32(param: usize, grad: usize, squareAvg: usize, gradAvg: usize, momentumBuf: usize, n: i32, lr: f64, alpha: f64, oneMinusAlpha: f64, eps: f64, weightDecay: f64, momentum: f64, maximize: bool): void {
  const lrv = f64x2.splat(lr), al = f64x2.splat(alpha), om = f64x2.splat(oneMinusAlpha), ep = f64x2.splat(eps), mo = f64x2.splat(momentum);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 2, two = i + 2 <= n;
    const p = load2(param + at, two);
    const g = effectiveGrad(load2(grad + at, two), p, maximize, weightDecay);
    const sq = f64x2.add(f64x2.mul(al, load2(squareAvg + at, two)), f64x2.mul(f64x2.mul(om, g), g));
    store2(squareAvg + at, sq, two);
    let avg: v128;
    if (gradAvg != 0) {
      const ga = f64x2.add(f64x2.mul(al, load2(gradAvg + at, two)), f64x2.mul(om, g));
      store2(gradAvg + at, ga, two);
      avg = f64x2.add(f64x2.sqrt(f64x2.sub(sq, f64x2.mul(ga, ga))), ep);
    } else avg = f64x2.add(f64x2.sqrt(sq), ep);
    if (momentumBuf != 0) {
      const buf = f64x2.add(f64x2.mul(mo, load2(momentumBuf + at, two)), f64x2.div(g, avg));
      store2(momentumBuf + at, buf, two);
      store2(param + at, f64x2.sub(p, f64x2.mul(lrv, buf)), two);
    } else store2(param + at, f64x2.sub(p, f64x2.div(f64x2.mul(lrv, g), avg)), two);
  }
}

/** Adagrad with the decayed rate `clr` = lr / (1 + (step − 1)·lrDecay) computed by the caller as the JS reference does. */
export function adagradF32(param: usize, grad: usize, stateSum: usize, n: i32, clr: f64, weightDecay: f64, eps: f64, maximize: bool): void {
  const cl = f64x2.splat(clr), ep = f64x2.splat(eps);
  for (let i = 0; i < n; i += 2) {
    const at = <usize>i << 2, two = i + 2 <= n;
    const p = load2(param + at, two);
    const g = effectiveGrad(load2(grad + at, two), p, maximize, weightDecay);
    const s = f64x2.add(load2(stateSum + at, two), f64x2.mul(g, g));
    store2(stateSum + at, s, two);
    store2(param + at, f64x2.sub(p, f64x2.div(f64x2.mul(cl, g), f64x2.add(f64x2.sqrt(s), ep))), two);
  }
}
