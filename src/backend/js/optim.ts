import type { AdamParams, AdagradParams, RmspropParams, SgdParams } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/**
 * Fused optimizer updates: one pass over a parameter, its gradient and its state, in the order of
 * operations PyTorch 1.13 uses (so 10 steps agree with it to float32 rounding), in the parameter's
 * precision as PyTorch computes: on float32 every operation is rounded to float32 (r = Math.fround;
 * IEEE +, −, ×, ÷ and √ of float32 operands rounded once from float64 equal the float32
 * operations, so the wasm kernels' f32 lanes agree bit for bit); float64 stays float64.
 */

const same = (x: number): number => x;
/** The rounding of every operation's result for an update of `param`. */
const roundingOf = (param: FloatArray): ((x: number) => number) => (param instanceof Float32Array ? Math.fround : same);

export function sgdStep(param: FloatArray, grad: FloatArray, momentumBuf: FloatArray | null, n: number, h: SgdParams): void {
  const { nesterov, maximize, firstStep } = h;
  const r = roundingOf(param);
  const lr = r(h.lr), momentum = r(h.momentum), undamped = r(1 - h.dampening), weightDecay = r(h.weightDecay);
  for (let i = 0; i < n; i++) {
    let d = maximize ? -grad[i]! : grad[i]!;
    if (h.weightDecay !== 0) d = r(d + r(weightDecay * param[i]!));
    if (momentumBuf !== null) {
      const buf = firstStep ? d : r(r(momentum * momentumBuf[i]!) + r(undamped * d));
      momentumBuf[i] = buf;
      d = nesterov ? r(d + r(momentum * buf)) : buf;
    }
    param[i] = r(param[i]! - r(lr * d));
  }
}

export function adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, maxV: FloatArray | null, n: number, h: AdamParams): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, maximize, step } = h;
  const r = roundingOf(param);
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
  const stepSize = r(lr / bc1), b1 = r(beta1), b2 = r(beta2), c1 = r(1 - beta1), c2 = r(1 - beta2), ep = r(eps);
  if (weightDecay === 0 && !maximize && maxV === null) {
    // The common case, without per-element branches: about twice as fast in V8.
    const invBc2 = r(1 / bc2Sqrt);
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const mi = r(r(b1 * m[i]!) + r(c1 * g));
      const vi = r(r(b2 * v[i]!) + r(r(c2 * g) * g));
      m[i] = mi;
      v[i] = vi;
      param[i] = r(param[i]! - r(r(stepSize * mi) / r(r(r(Math.sqrt(vi)) * invBc2) + ep)));
    }
    return;
  }
  const wd = r(weightDecay), decay = r(decoupled ? 1 - lr * weightDecay : 1), bc = r(bc2Sqrt);
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    let p = param[i]!;
    if (weightDecay !== 0) {
      if (decoupled) p = r(p * decay);
      else g = r(g + r(wd * p));
    }
    const mi = r(r(b1 * m[i]!) + r(c1 * g));
    const vi = r(r(b2 * v[i]!) + r(r(c2 * g) * g));
    m[i] = mi;
    v[i] = vi;
    let vHat = vi;
    if (maxV !== null) {
      vHat = Math.max(maxV[i]!, vi);
      maxV[i] = vHat;
    }
    param[i] = r(p - r(r(stepSize * mi) / r(r(r(Math.sqrt(vHat)) / bc) + ep)));
  }
}

export function rmspropStep(param: FloatArray, grad: FloatArray, squareAvg: FloatArray, gradAvg: FloatArray | null, momentumBuf: FloatArray | null, n: number, h: RmspropParams): void {
  const { maximize } = h;
  const r = roundingOf(param);
  const lr = r(h.lr), alpha = r(h.alpha), oneMinusAlpha = r(1 - h.alpha), eps = r(h.eps), weightDecay = r(h.weightDecay), momentum = r(h.momentum);
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    if (h.weightDecay !== 0) g = r(g + r(weightDecay * param[i]!));
    const sq = r(r(alpha * squareAvg[i]!) + r(r(oneMinusAlpha * g) * g));
    squareAvg[i] = sq;
    let avg: number;
    if (gradAvg !== null) {
      const ga = r(r(alpha * gradAvg[i]!) + r(oneMinusAlpha * g));
      gradAvg[i] = ga;
      avg = r(r(Math.sqrt(r(sq - r(ga * ga)))) + eps);
    } else avg = r(r(Math.sqrt(sq)) + eps);
    if (momentumBuf !== null) {
      const buf = r(r(momentum * momentumBuf[i]!) + r(g / avg));
      momentumBuf[i] = buf;
      param[i] = r(param[i]! - r(lr * buf));
    } else param[i] = r(param[i]! - r(r(lr * g) / avg));
  }
}

export function adagradStep(param: FloatArray, grad: FloatArray, stateSum: FloatArray, n: number, h: AdagradParams): void {
  const { lrDecay, maximize, step } = h;
  const r = roundingOf(param);
  const clr = r(h.lr / (1 + (step - 1) * lrDecay)), weightDecay = r(h.weightDecay), eps = r(h.eps);
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    if (h.weightDecay !== 0) g = r(g + r(weightDecay * param[i]!));
    const s = r(stateSum[i]! + r(g * g));
    stateSum[i] = s;
    param[i] = r(param[i]! - r(r(clr * g) / r(r(Math.sqrt(s)) + eps)));
  }
}
