import { ShapeError } from "../errors.js";
import { noGrad } from "../autograd/grad-mode.js";
import type { Tensor } from "../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../util/shape.js";

/** Whether classification accuracy means something for this output and target. */
export function accuracyApplies(output: Tensor, target: Tensor): boolean {
  if (output.shape.length !== 2 || output.shape[1]! < 2) return false;
  if (target.dtype === "int32") return target.shape.length === 1;
  return shapesEqual(target.shape, output.shape);
}

/**
 * Number of correct predictions in a batch: the argmax of `output` over classes against class
 * indices (int32) or one-hot/probability targets (float, the output's shape).
 */
export function countCorrect(output: Tensor, target: Tensor): number {
  return noGrad(() => {
    if (!accuracyApplies(output, target)) throw new ShapeError({ where: "accuracy", expected: "outputs [N, C] with class indices [N] or targets [N, C]", got: `${fmtShape(output.shape)} and ${fmtShape(target.shape)}` });
    const predicted = output.argmax(1);
    const labels = target.dtype === "int32" ? target : target.argmax(1);
    return predicted.eq(labels).sum().item();
  });
}
