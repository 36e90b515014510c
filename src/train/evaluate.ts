import { noGrad } from "../autograd/grad-mode.js";
import { tidyEach } from "../autograd/tidy.js";
import { withModes } from "../nn/modes.js";
import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/tensor.js";
import { accuracyApplies, countCorrect } from "./metrics.js";
import { loaderFor, type TrainData } from "./data-source.js";

export type LossFn = Module | ((output: Tensor, target: Tensor) => Tensor);

export function callLoss(loss: LossFn, output: Tensor, target: Tensor): Tensor {
  return typeof loss === "function" ? loss(output, target) : loss.forward(output, target);
}

export interface EvaluateOptions {
  loss?: LossFn;
  batchSize?: number;
  /** "accuracy" is computed unless metrics is [] (argmax over classes). */
  metrics?: readonly "accuracy"[];
}

export interface EvaluateResult {
  loss?: number;
  accuracy?: number;
  samples: number;
}

/** Runs every module in eval mode under noGrad and averages over all samples; modes are restored after. */
export function evaluate(model: Module, data: TrainData, options: EvaluateOptions = {}): EvaluateResult {
  return withModes(model, () => model.eval(), () => noGrad(() => {
    let lossSum = 0, correct = 0, n = 0;
    let wantAccuracy = (options.metrics ?? ["accuracy"]).includes("accuracy");
    const loader = loaderFor(data, options.batchSize ?? 256, false, undefined, "evaluate");
    for (const [x, y] of tidyEach(loader, { keep: [model, options.loss] })) {
      const out = model.forward(x) as Tensor;
      const b = x.shape[0]!;
      if (options.loss !== undefined) lossSum += callLoss(options.loss, out, y).item() * b;
      // Accuracy is reported only where it means something (class outputs), as Keras does for its metric.
      wantAccuracy &&= accuracyApplies(out, y);
      if (wantAccuracy) correct += countCorrect(out, y);
      n += b;
    }
    const result: EvaluateResult = { samples: n };
    if (options.loss !== undefined) result.loss = lossSum / n;
    if (wantAccuracy) result.accuracy = correct / n;
    return result;
  }));
}
