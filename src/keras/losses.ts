/**
 * Keras' loss names over our functional losses. Keras passes (yTrue, yPred); our fit passes
 * (output, target), so each loss here takes the model output first. When the output layer ends in
 * softmax, the cross-entropies are computed from the logits before it (log-softmax, stable for any
 * logits), as Keras does when it sees a softmax output; otherwise from the probabilities, clipped as
 * Keras clips them.
 */
import { isFloatingDType } from "../backend/dtype.js";
import { ShapeError, ValueError } from "../errors.js";
import { crossEntropy, mseLoss, nllLoss } from "../nn/functional/loss.js";
import type { Tensor } from "../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../util/shape.js";

/** Keras' epsilon: probabilities are clipped to [ε, 1 − ε] before the log. */
const EPSILON = 1e-7;

export type LossName = "categorical_crossentropy" | "sparse_categorical_crossentropy" | "mse" | "mean_squared_error";
/** A custom loss in Keras' argument order: (yTrue, yPred) → a scalar. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

export interface KerasLoss {
  readonly name: string;
  /** Whether it can use the logits before a final softmax (the model then leaves that softmax out in training). */
  readonly acceptsSoftmaxLogits: boolean;
  /** Checks targets against the model's output shape (batch included) and converts them to what compute takes. */
  prepareTargets(y: Tensor, outputShape: readonly number[]): Tensor;
  compute(output: Tensor, target: Tensor, logits: boolean): Tensor;
}

const where = (name: string): string => `loss "${name}"`;
const classesOf = (outputShape: readonly number[]): number => outputShape[outputShape.length - 1]!;
/** [N, …, C] → [N·…, C], so the class axis is last (Keras) and second (our ops) at once. */
const rowsOfClasses = (t: Tensor): Tensor => t.reshape([-1, t.shape[t.shape.length - 1]!]);
const clipped = (p: Tensor): Tensor => p.clamp({ min: EPSILON, max: 1 - EPSILON });

const categorical: KerasLoss = {
  name: "categorical_crossentropy",
  acceptsSoftmaxLogits: true,
  prepareTargets(y, outputShape) {
    const classes = classesOf(outputShape);
    const looksLikeIndices = y.dtype === "int32" || y.shape.length === outputShape.length - 1 || (classes > 1 && y.shape[y.shape.length - 1] === 1);
    if (looksLikeIndices) {
      throw new ValueError({
        where: where(this.name),
        expected: `one-hot targets of shape ${fmtShape(outputShape)} (one column per class of the output)`,
        got: `class indices of shape ${fmtShape(y.shape)} (${y.dtype})`,
        hint: `one-hot encode them with keras.utils.toCategorical(y, ${classes}), or compile with loss: "sparse_categorical_crossentropy".`,
      });
    }
    if (!shapesEqual(y.shape, outputShape)) throw new ShapeError({ where: where(this.name), expected: `targets of the output's shape ${fmtShape(outputShape)}`, got: fmtShape(y.shape) });
    return y;
  },
  compute(output, target, logits) {
    if (logits) return crossEntropy(rowsOfClasses(output), rowsOfClasses(target), {}, where(this.name));
    const p = clipped(output.div(output.sum(-1, { keepdim: true })));
    return target.mul(p.log()).sum(-1).mean().neg();
  },
};

const sparseCategorical: KerasLoss = {
  name: "sparse_categorical_crossentropy",
  acceptsSoftmaxLogits: true,
  prepareTargets(y, outputShape) {
    const classes = classesOf(outputShape);
    const indexShape = outputShape.slice(0, -1);
    if (isFloatingDType(y.dtype) && shapesEqual(y.shape, outputShape) && classes > 1) {
      throw new ValueError({ where: where(this.name), expected: `class indices of shape ${fmtShape(indexShape)}`, got: `one-hot targets of shape ${fmtShape(y.shape)}`, hint: 'compile with loss: "categorical_crossentropy" for one-hot targets, or pass y.argmax(-1).' });
    }
    // Keras takes labels of shape [N, 1] and of any numeric dtype.
    const labels = y.shape.length === indexShape.length + 1 && y.shape[y.shape.length - 1] === 1 ? y.reshape(y.shape.slice(0, -1)) : y;
    if (!shapesEqual(labels.shape, indexShape)) throw new ShapeError({ where: where(this.name), expected: `class indices of shape ${fmtShape(indexShape)}`, got: fmtShape(y.shape) });
    if (labels.dtype === "int32") return labels;
    const notAnIndex = Array.from(labels.dataSync()).find((v) => !(Number.isInteger(v) && v >= 0));
    if (notAnIndex !== undefined) throw new ValueError({ where: where(this.name), expected: "class indices: whole numbers ≥ 0", got: `the value ${notAnIndex}` });
    return labels.int();
  },
  compute(output, target, logits) {
    const flatTarget = target.reshape([-1]);
    if (logits) return crossEntropy(rowsOfClasses(output), flatTarget, {}, where(this.name));
    return nllLoss(clipped(rowsOfClasses(output)).log(), flatTarget, {}, where(this.name));
  },
};

function meanSquaredError(name: string): KerasLoss {
  return {
    name,
    acceptsSoftmaxLogits: false,
    prepareTargets(y, outputShape) {
      const target = isFloatingDType(y.dtype) ? y : y.float();
      // Keras lines up [N] targets with [N, 1] outputs.
      if (target.numel() === outputShape.reduce((a, b) => a * b, 1) && target.shape[0] === outputShape[0]) return target.reshape(outputShape);
      throw new ShapeError({ where: where(name), expected: `targets of the output's shape ${fmtShape(outputShape)}`, got: fmtShape(y.shape) });
    },
    compute(output, target) {
      return mseLoss(output, target);
    },
  };
}

const LOSSES: Record<LossName, KerasLoss> = {
  categorical_crossentropy: categorical,
  sparse_categorical_crossentropy: sparseCategorical,
  mse: meanSquaredError("mse"),
  mean_squared_error: meanSquaredError("mean_squared_error"),
};

export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

function customLoss(fn: LossFunction): KerasLoss {
  return {
    name: fn.name === "" ? "custom" : fn.name,
    acceptsSoftmaxLogits: false,
    prepareTargets: (y) => y,
    compute: (output, target) => fn(target, output),
  };
}

/** A Keras loss from its name or a (yTrue, yPred) function; unknown names list the known ones. */
export function resolveLoss(loss: LossName | LossFunction, where: string): KerasLoss {
  if (typeof loss === "function") return customLoss(loss);
  if (typeof loss === "string" && Object.hasOwn(LOSSES, loss)) return LOSSES[loss];
  throw new ValueError({ where, expected: `loss to be one of ${LOSS_NAMES.map((n) => `"${n}"`).join(", ")} or a function (yTrue, yPred) => Tensor`, got: JSON.stringify(loss) });
}
