import { ShapeError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { Tensor } from "../tensor/tensor.js";
import { fmtShape } from "../util/shape.js";

/**
 * Number of correct predictions in a batch: the argmax of `output` over classes against class
 * indices (int32) or one-hot/probability targets (float, the output's shape).
 */
export function countCorrect(output: Tensor, target: Tensor): number {
  return noGrad(() => {
    if (output.shape.length < 2) throw new ShapeError({ where: "accuracy", expected: "outputs of shape [N, C]", got: fmtShape(output.shape) });
    const predicted = output.argmax(1);
    const labels = target.dtype === "int32" ? target : target.argmax(1);
    return predicted.eq(labels).sum().item();
  });
}
