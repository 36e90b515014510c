import { ValueError } from "../errors.js";
import { type KerasLoss, type LossFunction, type LossName, resolveLoss } from "./losses.js";
import { type AnyOptimizer, type OptimizerFactory, type OptimizerName, resolveOptimizer } from "./optimizers.js";

export type MetricName = "accuracy";
const METRIC_NAMES: readonly MetricName[] = ["accuracy"];

export interface CompileArgs {
  /** "adam" | "sgd" | "rmsprop" (Keras' defaults), an optim.Optimizer over the model's parameters, or (params) => Optimizer. */
  optimizer: OptimizerName | AnyOptimizer | OptimizerFactory;
  /** "categorical_crossentropy" | "sparse_categorical_crossentropy" | "mse", or (yTrue, yPred) => Tensor. */
  loss: LossName | LossFunction;
  /** ["accuracy"]: the fraction of samples whose largest output is the target class. */
  metrics?: readonly MetricName[];
}

export interface CompiledConfig {
  makeOptimizer: OptimizerFactory;
  loss: KerasLoss;
  metrics: MetricName[];
}

/** Checks everything compile receives, so a typo fails at compile and not an epoch later. */
export function resolveCompile(args: CompileArgs, where: string): CompiledConfig {
  if (typeof args !== "object" || args === null) throw new ValueError({ where, expected: "{ optimizer, loss, metrics? }", got: String(args) });
  const metrics = [...(args.metrics ?? [])];
  for (const m of metrics) {
    if (!METRIC_NAMES.includes(m)) throw new ValueError({ where, expected: `metrics among ${METRIC_NAMES.map((n) => `"${n}"`).join(", ")}`, got: JSON.stringify(m) });
  }
  return { makeOptimizer: resolveOptimizer(args.optimizer, where), loss: resolveLoss(args.loss, where), metrics };
}

/** Keras' names for the figures fit reports, in its order: loss, metrics, then the same with val_. */
export function historyKeys(metrics: readonly MetricName[]): string[] {
  const train = ["loss", ...metrics];
  return [...train, ...train.map((k) => `val_${k}`)];
}
