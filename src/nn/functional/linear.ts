import { ShapeError } from "../../errors.js";
import { matmul } from "../../ops/matmul.js";
import { add } from "../../ops/binary.js";
import { t } from "../../ops/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fmtShape } from "../../util/shape.js";

/** y = x·Wᵀ + b for x of shape [*, in] and W of shape [out, in] (PyTorch's layout). */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inFeatures = weight.shape[1]!;
  if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inFeatures) {
    throw new ShapeError({ where: "linear", expected: `input of shape [*, ${inFeatures}] for a weight of shape ${fmtShape(weight.shape)}`, got: fmtShape(x.shape) });
  }
  const y = matmul(x, t(weight));
  return bias === undefined || bias === null ? y : add(y, bias);
}
