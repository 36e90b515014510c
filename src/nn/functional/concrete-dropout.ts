/**
 * Concrete dropout (Gal, Hron & Kendall 2017): the Bernoulli mask is replaced by its continuous
 * relaxation, so the drop rate p = sigmoid(pLogit) gets a gradient and can be learned.
 *   drop = sigmoid((logit p + logit u) / t),  u ~ U(0, 1),  out = x · (1 − drop) / (1 − p)
 * As t → 0, drop → Bernoulli(p). One recorded op: backward redraws the noise from its Philox
 * offset (0 bytes) and keeps only x, which ∂out/∂p needs, and only when pLogit requires grad:
 *   ∂out/∂x = (1 − drop)/(1 − p),   ∂out/∂pLogit = x · (1 − drop)/(1 − p) · (p − drop/t).
 */
import { needsGrad, record } from "../../autograd/node.js";
import { allocArray, type FloatArray } from "../../backend/dtype.js";
import { ValueError } from "../../errors.js";
import { contiguous } from "../../ops/core.js";
import { blocksFor, uniformFill } from "../../random/distributions.js";
import { getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkFloating, checkTraining, type StochasticOptions } from "./dropout-mask.js";

export interface ConcreteDropoutOptions extends Omit<StochasticOptions, "inplace"> {
  /** Relaxation temperature t (default 0.1, as the paper). */
  temperature?: number;
}

/** The relaxed drop values of n elements from Philox blocks at `offset`: a pure function, so backward can redraw them. */
function relaxedDrops(n: number, logitP: number, t: number, key0: number, key1: number, offset: number): Float64Array {
  const drops = new Float64Array(n);
  uniformFill(drops, key0, key1, offset);
  const half = 2 ** -54; // keeps u away from 0 and 1
  for (let i = 0; i < n; i++) {
    const u = drops[i]! + half;
    drops[i] = 1 / (1 + Math.exp(-(logitP + Math.log(u) - Math.log1p(-u)) / t));
  }
  return drops;
}

/** Concrete dropout of x with the learnable drop-rate logit `pLogit` (a one-element tensor); the identity in eval. */
export function concreteDropout(x: Tensor, pLogit: Tensor, options: ConcreteDropoutOptions, where = "concreteDropout"): Tensor {
  const training = checkTraining(options, where);
  checkFloating(x, where);
  const t = options.temperature ?? 0.1;
  if (!(t > 0 && Number.isFinite(t))) throw new ValueError({ where, expected: "temperature > 0", got: String(t) });
  if (pLogit.numel() !== 1) throw new ValueError({ where, expected: "pLogit to hold one value", got: `${pLogit.numel()} values` });
  if (!training) return x;
  const src = contiguous(x);
  const n = src.numel();
  const logitP = Number(pLogit.dataSync()[0]);
  const p = 1 / (1 + Math.exp(-logitP)), invKeep = 1 + Math.exp(logitP); // 1/(1 − p), without cancellation
  const { key0, key1, offset } = (options.generator ?? getDefaultGenerator()).reserve(blocksFor(n, 2));
  const drops = relaxedDrops(n, logitP, t, key0, key1, offset);
  const xs = src.storage.data as FloatArray, xo = src.offset;
  const out = Tensor.empty(src.shape, src.dtype);
  const o = out.storage.data as FloatArray;
  for (let i = 0; i < n; i++) o[i] = xs[xo + i]! * (1 - drops[i]!) * invKeep;
  if (!needsGrad([src, pLogit])) return out;
  const keepX = pLogit.requiresGrad;
  return record("ConcreteDropoutBackward0", [src, pLogit], out, (grad, needs) => {
    const g = contiguous(grad), gs = g.storage.data as FloatArray, go = g.offset;
    const d = relaxedDrops(n, logitP, t, key0, key1, offset);
    let gx: Tensor | null = null, gl: Tensor | null = null;
    if (needs[0]) {
      gx = Tensor.empty(src.shape, src.dtype);
      const a = gx.storage.data as FloatArray;
      for (let i = 0; i < n; i++) a[i] = gs[go + i]! * (1 - d[i]!) * invKeep;
    }
    if (needs[1]) {
      let s = 0;
      for (let i = 0; i < n; i++) s += gs[go + i]! * xs[xo + i]! * (1 - d[i]!) * invKeep * (p - d[i]! / t);
      const data = allocArray(pLogit.dtype, 1) as FloatArray;
      data[0] = s;
      gl = Tensor.fromArray(data, [...pLogit.shape], pLogit.dtype);
    }
    return [gx, gl];
  }, { saved: keepX ? [src] : [] });
}
