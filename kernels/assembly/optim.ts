// SGD, RMSprop and Adagrad updates in one pass each on float32 parameters, every operation in f32
// (as PyTorch computes them), in the order of src/backend/js/optim.ts, whose float32 path rounds
// after every operation: IEEE f32 +, −, ×, ÷ and √ round once, so both agree bit for bit. Four
// elements at a time; the last 1–3 go through the same vector code in zero-filled lanes.

import { load4, store4 } from "./lanes";

/** The gradient as the update sees it: negated when maximizing, plus weightDecay·param. */
// @ts-ignore: decorator
@inline function effectiveGrad(g: v128, p: v128, maximize: bool, weightDecay: f64): v128 {
  let d = maximize ? f32x4.neg(g) : g;
  if (weightDecay != 0) d = f32x4.add(d, f32x4.mul(f32x4.splat(<f32>weightDecay), p));
  return d;
}

/**
 * SGD: momentumBuf = 0 means no momentum buffer; on the first step the buffer starts at the
 * gradient; `undamped` is 1 − dampening as the JS reference computes it.
 */
export function sgdF32(param: usize, grad: usize, momentumBuf: usize, n: i32, lr: f64, momentum: f64, undamped: f64, nesterov: bool, weightDecay: f64, maximize: bool, firstStep: bool): void {
  const lrv = f32x4.splat(<f32>lr), mo = f32x4.splat(<f32>momentum), un = f32x4.splat(<f32>undamped);
  for (let i = 0; i < n; i += 4) {
    const at = <usize>i << 2, left = n - i;
    const p = load4(param + at, left);
    let d = effectiveGrad(load4(grad + at, left), p, maximize, weightDecay);
    if (momentumBuf != 0) {
      const buf = firstStep ? d : f32x4.add(f32x4.mul(mo, load4(momentumBuf + at, left)), f32x4.mul(un, d));
      store4(momentumBuf + at, buf, left);
      d = nesterov ? f32x4.add(d, f32x4.mul(mo, buf)) : buf;
    }
    store4(param + at, f32x4.sub(p, f32x4.mul(lrv, d)), left);
  }
}

/** RMSprop: gradAvg = 0 is the uncentered form, momentumBuf = 0 no momentum; `oneMinusAlpha` = 1 − alpha. */
export function rmspropF32(param: usize, grad: usize, squareAvg: usize, gradAvg: usize, momentumBuf: usize, n: i32, lr: f64, alpha: f64, oneMinusAlpha: f64, eps: f64, weightDecay: f64, momentum: f64, maximize: bool): void {
  const lrv = f32x4.splat(<f32>lr), al = f32x4.splat(<f32>alpha), om = f32x4.splat(<f32>oneMinusAlpha), ep = f32x4.splat(<f32>eps), mo = f32x4.splat(<f32>momentum);
  for (let i = 0; i < n; i += 4) {
    const at = <usize>i << 2, left = n - i;
    const p = load4(param + at, left);
    const g = effectiveGrad(load4(grad + at, left), p, maximize, weightDecay);
    const sq = f32x4.add(f32x4.mul(al, load4(squareAvg + at, left)), f32x4.mul(f32x4.mul(om, g), g));
    store4(squareAvg + at, sq, left);
    let avg: v128;
    if (gradAvg != 0) {
      const ga = f32x4.add(f32x4.mul(al, load4(gradAvg + at, left)), f32x4.mul(om, g));
      store4(gradAvg + at, ga, left);
      avg = f32x4.add(f32x4.sqrt(f32x4.sub(sq, f32x4.mul(ga, ga))), ep);
    } else avg = f32x4.add(f32x4.sqrt(sq), ep);
    if (momentumBuf != 0) {
      const buf = f32x4.add(f32x4.mul(mo, load4(momentumBuf + at, left)), f32x4.div(g, avg));
      store4(momentumBuf + at, buf, left);
      store4(param + at, f32x4.sub(p, f32x4.mul(lrv, buf)), left);
    } else store4(param + at, f32x4.sub(p, f32x4.div(f32x4.mul(lrv, g), avg)), left);
  }
}

/** Adagrad with the decayed rate `clr` = lr / (1 + (step − 1)·lrDecay) computed by the caller as the JS reference does. */
export function adagradF32(param: usize, grad: usize, stateSum: usize, n: i32, clr: f64, weightDecay: f64, eps: f64, maximize: bool): void {
  const cl = f32x4.splat(<f32>clr), ep = f32x4.splat(<f32>eps);
  for (let i = 0; i < n; i += 4) {
    const at = <usize>i << 2, left = n - i;
    const p = load4(param + at, left);
    const g = effectiveGrad(load4(grad + at, left), p, maximize, weightDecay);
    const s = f32x4.add(load4(stateSum + at, left), f32x4.mul(g, g));
    store4(stateSum + at, s, left);
    store4(param + at, f32x4.sub(p, f32x4.div(f32x4.mul(cl, g), f32x4.add(f32x4.sqrt(s), ep))), left);
  }
}
