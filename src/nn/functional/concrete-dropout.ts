/**
 * Concrete dropout (Gal, Hron & Kendall 2017): the Bernoulli mask is replaced by its continuous
 * relaxation, so the drop rate p = sigmoid(pLogit) gets a gradient and can be learned.
 *   drop = sigmoid((logit p + logit u) / t),  u ~ U(0, 1),  out = x · (1 − drop) / (1 − p)
 * As t → 0, drop → Bernoulli(p). Built from differentiable ops, so autograd reaches x and pLogit.
 */
import { ValueError } from "../../errors.js";
import { add, div, mul, sub } from "../../ops/binary.js";
import { neg, sigmoid } from "../../ops/unary.js";
import { blocksFor, uniformFill } from "../../random/distributions.js";
import { getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkFloating, checkTraining, type StochasticOptions } from "./dropout-mask.js";

export interface ConcreteDropoutOptions extends Omit<StochasticOptions, "inplace"> {
  /** Relaxation temperature t (default 0.1, as the paper). */
  temperature?: number;
}

/** Logistic noise logit(u) = log u − log(1 − u), u in (0, 1) from a fresh Philox range. */
function logisticNoise(shape: readonly number[], options: ConcreteDropoutOptions): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const u = new Float64Array(n);
  const { key0, key1, offset } = (options.generator ?? getDefaultGenerator()).reserve(blocksFor(n, 2));
  uniformFill(u, key0, key1, offset);
  const noise = new Float32Array(n);
  const half = 2 ** -54; // keeps u away from 0 and 1
  for (let i = 0; i < n; i++) {
    const v = u[i]! + half;
    noise[i] = Math.log(v) - Math.log1p(-v);
  }
  return Tensor.fromArray(noise, [...shape], "float32");
}

/** Concrete dropout of x with the learnable drop-rate logit `pLogit` (a scalar tensor); the identity in eval. */
export function concreteDropout(x: Tensor, pLogit: Tensor, options: ConcreteDropoutOptions, where = "concreteDropout"): Tensor {
  const training = checkTraining(options, where);
  checkFloating(x, where);
  const t = options.temperature ?? 0.1;
  if (!(t > 0 && Number.isFinite(t))) throw new ValueError({ where, expected: "temperature > 0", got: String(t) });
  if (pLogit.numel() !== 1) throw new ValueError({ where, expected: "pLogit to hold one value", got: `${pLogit.numel()} values` });
  if (!training) return x;
  const drop = sigmoid(div(add(pLogit, logisticNoise(x.shape, options)), t));
  const keepProbability = sigmoid(neg(pLogit));
  return div(mul(x, sub(1, drop)), keepProbability);
}
