import { noGrad } from "../../autograd/grad-mode.js";
import { ShapeError, ValueError } from "../../errors.js";
import { add, div, mul, sub } from "../../ops/binary.js";
import { mean, variance } from "../../ops/reduce.js";
import { reshape } from "../../ops/shape.js";
import { sqrt } from "../../ops/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../../util/shape.js";

export interface BatchNormOptions {
  training: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation over the channel dim 1 of [N, C, …]. In training it normalises with the
 * batch's statistics and updates the running ones in place (unbiased variance, as PyTorch); in
 * eval it uses the running statistics.
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null, bias: Tensor | null, options: BatchNormOptions, where = "batchNorm"): Tensor {
  if (x.shape.length < 2) throw new ShapeError({ where, expected: "input of shape [N, C, …]", got: fmtShape(x.shape) });
  const C = x.shape[1]!;
  const eps = options.eps ?? 1e-5, momentum = options.momentum ?? 0.1;
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const bcast = x.shape.map((s, i) => (i === 1 ? s : 1));
  let mu: Tensor, v: Tensor;
  if (options.training || runningMean === null || runningVar === null) {
    const count = x.numel() / C;
    if (options.training && count <= 1) {
      throw new ValueError({ where, expected: "more than 1 value per channel when training", got: `input of shape ${fmtShape(x.shape)}`, hint: "use a batch of at least 2 samples, or call model.eval() for single-sample inference." });
    }
    mu = mean(x, dims, { keepdim: true });
    v = variance(x, dims, { keepdim: true, correction: 0 });
    if (options.training && runningMean !== null && runningVar !== null) {
      noGrad(() => {
        runningMean.mul_(1 - momentum).add_(mul(reshape(mu, [C]), momentum));
        runningVar.mul_(1 - momentum).add_(mul(reshape(v, [C]), (momentum * count) / (count - 1)));
      });
    }
  } else {
    mu = reshape(runningMean, bcast);
    v = reshape(runningVar, bcast);
  }
  let y = div(sub(x, mu), sqrt(add(v, eps)));
  if (weight !== null) y = mul(y, reshape(weight, bcast));
  if (bias !== null) y = add(y, reshape(bias, bcast));
  return y;
}

/** Normalises over the trailing `normalizedShape` dims of each sample (biased variance), then scales and shifts. */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null, bias: Tensor | null, eps = 1e-5, where = "layerNorm"): Tensor {
  const k = normalizedShape.length;
  if (!shapesEqual(x.shape.slice(x.shape.length - k), normalizedShape)) {
    throw new ShapeError({ where, expected: `input of shape [*, ${normalizedShape.join(", ")}]`, got: fmtShape(x.shape) });
  }
  const dims = normalizedShape.map((_, i) => x.shape.length - k + i);
  const mu = mean(x, dims, { keepdim: true });
  const v = variance(x, dims, { keepdim: true, correction: 0 });
  let y = div(sub(x, mu), sqrt(add(v, eps)));
  if (weight !== null) y = mul(y, weight);
  if (bias !== null) y = add(y, bias);
  return y;
}
