import { isFloatingDType } from "../../backend/dtype.js";
import { DTypeError } from "../../errors.js";
import { add, compare, mul, sub, where } from "../../ops/binary.js";
import { logsumexp } from "../../ops/reduce.js";
import { erf, exp, relu as reluOp, sigmoid as sigmoidOp, tanh as tanhOp } from "../../ops/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { normalizeDim } from "../../util/shape.js";
import { logSoftmaxLastDim } from "./softmax-cross-entropy.js";

export const relu = (x: Tensor): Tensor => reluOp(x);
export const sigmoid = (x: Tensor): Tensor => sigmoidOp(x);
export const tanh = (x: Tensor): Tensor => tanhOp(x);

export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return where(compare("gt", x, 0), x, mul(x, negativeSlope));
}

/** x for x > 0, α(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return where(compare("gt", x, 0), x, mul(sub(exp(x), 1), alpha));
}

/** The SELU constants (Klambauer et al. 2017), as PyTorch. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export function selu(x: Tensor): Tensor {
  return mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/** Exact GELU: x·Φ(x) (PyTorch's default approximate="none"); "tanh" gives the tanh approximation. */
export function gelu(x: Tensor, options: { approximate?: "none" | "tanh" } = {}): Tensor {
  if (options.approximate === "tanh") {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanhOp(inner), 1));
  }
  return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
}

function checkFloat(x: Tensor, where: string): void {
  if (!isFloatingDType(x.dtype)) throw new DTypeError({ where, expected: "a floating-point input", got: `dtype ${x.dtype}` });
}

/**
 * log(softmax(x)) along `dim`, computed stably as (x − max) − log Σ e^(x − max): along the last dim
 * (the common case: classes last) by one fused kernel and graph node, which also gives PyTorch's NaN
 * for a row holding +inf; along other dims as x − logsumexp(x) from generic ops.
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkFloat(x, "logSoftmax");
  const d = normalizeDim(dim, x.shape.length, "logSoftmax");
  if (d === x.shape.length - 1 || x.shape.length === 0) return logSoftmaxLastDim(x);
  return sub(x, logsumexp(x, d, { keepdim: true }));
}

export function softmax(x: Tensor, dim: number): Tensor {
  checkFloat(x, "softmax");
  return exp(logSoftmax(x, dim));
}
