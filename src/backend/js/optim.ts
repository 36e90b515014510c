import type { AdamParams, AdagradParams, RmspropParams, SgdParams } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/**
 * Fused optimizer updates: one pass over a parameter, its gradient and its state, in the order of
 * operations PyTorch 1.13 uses (so 10 steps agree with it to float32 rounding).
 */

export function sgdStep(param: FloatArray, grad: FloatArray, momentumBuf: FloatArray | null, n: number, h: SgdParams): void {
  const { lr, momentum, dampening, nesterov, weightDecay, maximize, firstStep } = h;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -grad[i]! : grad[i]!;
    if (weightDecay !== 0) d += weightDecay * param[i]!;
    if (momentumBuf !== null) {
      const buf = firstStep ? d : momentum * momentumBuf[i]! + (1 - dampening) * d;
      momentumBuf[i] = buf;
      d = nesterov ? d + momentum * buf : buf;
    }
    param[i] = param[i]! - lr * d;
  }
}

export function adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, maxV: FloatArray | null, n: number, h: AdamParams): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, maximize, step } = h;
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
  const stepSize = lr / bc1;
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  if (weightDecay === 0 && !maximize && maxV === null) {
    // The common case, without per-element branches: about twice as fast in V8.
    const c1 = 1 - beta1, c2 = 1 - beta2, invBc2 = 1 / bc2Sqrt;
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const mi = beta1 * m[i]! + c1 * g;
      const vi = beta2 * v[i]! + c2 * g * g;
      m[i] = mi;
      v[i] = vi;
      param[i] = param[i]! - (stepSize * mi) / (Math.sqrt(vi) * invBc2 + eps);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    let p = param[i]!;
    if (weightDecay !== 0) {
      if (decoupled) p *= decay;
      else g += weightDecay * p;
    }
    const mi = beta1 * m[i]! + (1 - beta1) * g;
    const vi = beta2 * v[i]! + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    let vHat = vi;
    if (maxV !== null) {
      vHat = Math.max(maxV[i]!, vi);
      maxV[i] = vHat;
    }
    param[i] = p - (stepSize * mi) / (Math.sqrt(vHat) / bc2Sqrt + eps);
  }
}

export function rmspropStep(param: FloatArray, grad: FloatArray, squareAvg: FloatArray, gradAvg: FloatArray | null, momentumBuf: FloatArray | null, n: number, h: RmspropParams): void {
  const { lr, alpha, eps, weightDecay, momentum, maximize } = h;
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    if (weightDecay !== 0) g += weightDecay * param[i]!;
    const sq = alpha * squareAvg[i]! + (1 - alpha) * g * g;
    squareAvg[i] = sq;
    let avg: number;
    if (gradAvg !== null) {
      const ga = alpha * gradAvg[i]! + (1 - alpha) * g;
      gradAvg[i] = ga;
      avg = Math.sqrt(sq - ga * ga) + eps;
    } else avg = Math.sqrt(sq) + eps;
    if (momentumBuf !== null) {
      const buf = momentum * momentumBuf[i]! + g / avg;
      momentumBuf[i] = buf;
      param[i] = param[i]! - lr * buf;
    } else param[i] = param[i]! - (lr * g) / avg;
  }
}

export function adagradStep(param: FloatArray, grad: FloatArray, stateSum: FloatArray, n: number, h: AdagradParams): void {
  const { lr, lrDecay, weightDecay, eps, maximize, step } = h;
  const clr = lr / (1 + (step - 1) * lrDecay);
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i]! : grad[i]!;
    if (weightDecay !== 0) g += weightDecay * param[i]!;
    const s = stateSum[i]! + g * g;
    stateSum[i] = s;
    param[i] = param[i]! - (clr * g) / (Math.sqrt(s) + eps);
  }
}
