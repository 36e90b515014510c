/**
 * Noise members of the dropout family. The noise is Philox normals at a reserved (key, offset), so
 * backward regenerates it: nothing is kept for backward (0 bytes).
 */
import type { FloatArray } from "../../backend/dtype.js";
import { needsGrad, record } from "../../autograd/node.js";
import { ValueError } from "../../errors.js";
import { contiguous } from "../../ops/core.js";
import { blocksFor, normalFill } from "../../random/distributions.js";
import { getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import { checkFloating, checkTraining, maybeInplace, type StochasticOptions } from "./dropout-mask.js";

export interface GaussianDropoutOptions extends StochasticOptions {
  /** The drop rate it matches: noise N(1, p/(1 − p)) has the variance of inverted dropout at rate p. */
  p: number;
}

export interface GaussianNoiseOptions extends StochasticOptions {
  std: number;
}

function noiseOf(n: number, dtype: string, key0: number, key1: number, offset: number, mean: number, std: number): FloatArray {
  const noise = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  normalFill(noise, key0, key1, offset, mean, std);
  return noise;
}

/**
 * Applies out = combine(x, noise) with noise ~ N(mean, std²) from a fresh Philox range; the
 * backward regenerates the same noise for dOut/dx (`multiplicative`: noise, else 1).
 */
function withNoise(x: Tensor, mean: number, std: number, multiplicative: boolean, generator: StochasticOptions["generator"], name: string): Tensor {
  const src = contiguous(x);
  const n = src.numel();
  const { key0, key1, offset } = (generator ?? getDefaultGenerator()).reserve(blocksFor(n));
  const noise = noiseOf(n, src.dtype, key0, key1, offset, mean, std);
  const out = Tensor.empty(src.shape, src.dtype);
  const xd = src.storage.data as FloatArray, od = out.storage.data as FloatArray, xo = src.offset;
  if (multiplicative) for (let i = 0; i < n; i++) od[i] = xd[xo + i]! * noise[i]!;
  else for (let i = 0; i < n; i++) od[i] = xd[xo + i]! + noise[i]!;
  if (!needsGrad([src])) return out;
  return record(name, [src], out, (g) => {
    if (!multiplicative) return [g];
    const gc = contiguous(g);
    const again = noiseOf(n, src.dtype, key0, key1, offset, mean, std);
    const gx = Tensor.empty(gc.shape, gc.dtype);
    const gd = gc.storage.data as FloatArray, gxd = gx.storage.data as FloatArray;
    for (let i = 0; i < n; i++) gxd[i] = gd[gc.offset + i]! * again[i]!;
    return [gx];
  }, { extraBytes: 0 });
}

/** Multiplicative Gaussian noise N(1, p/(1 − p)) in training (Srivastava et al. 2014 §10); identity in eval. */
export function gaussianDropout(x: Tensor, options: GaussianDropoutOptions, where = "gaussianDropout"): Tensor {
  const p = checkProbability(options.p, where);
  const training = checkTraining(options, where);
  checkFloating(x, where);
  if (!training || p === 0) return x;
  return maybeInplace(x, options.inplace, where, (t) => withNoise(t, 1, Math.sqrt(p / (1 - p)), true, options.generator, "GaussianDropoutBackward0"));
}

export function checkStd(std: number, where: string): number {
  if (!(typeof std === "number" && std >= 0 && Number.isFinite(std))) throw new ValueError({ where, expected: "std to be a finite number ≥ 0", got: String(std) });
  return std;
}

/** Additive Gaussian noise N(0, std²) in training (a regulariser for inputs); identity in eval. */
export function gaussianNoise(x: Tensor, options: GaussianNoiseOptions, where = "gaussianNoise"): Tensor {
  const std = checkStd(options.std, where);
  const training = checkTraining(options, where);
  checkFloating(x, where);
  if (!training || std === 0) return x;
  return maybeInplace(x, options.inplace, where, (t) => withNoise(t, 0, std, false, options.generator, "GaussianNoiseBackward0"));
}
