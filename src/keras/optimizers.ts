import { ValueError } from "../errors.js";
import type { Parameter } from "../nn/parameter.js";
import { Adam } from "../optim/adam.js";
import { Optimizer } from "../optim/optimizer.js";
import { RMSprop } from "../optim/rmsprop.js";
import { SGD } from "../optim/sgd.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptimizer = Optimizer<any>;
export type OptimizerName = "adam" | "sgd" | "rmsprop";
/** Builds an optimizer once the model's parameters exist (they may not at compile time: Keras builds lazily). */
export type OptimizerFactory = (params: Parameter[]) => AnyOptimizer;

/** Keras' defaults, which differ from PyTorch's: eps 1e-7; SGD lr 0.01; RMSprop lr 0.001 and rho (our alpha) 0.9. */
const OPTIMIZERS: Record<OptimizerName, OptimizerFactory> = {
  adam: (params) => new Adam(params, { lr: 0.001, betas: [0.9, 0.999], eps: 1e-7 }),
  sgd: (params) => new SGD(params, { lr: 0.01 }),
  rmsprop: (params) => new RMSprop(params, { lr: 0.001, alpha: 0.9, eps: 1e-7 }),
};

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** How compile's optimizer becomes an optimizer over the model's parameters. */
export function resolveOptimizer(optimizer: OptimizerName | AnyOptimizer | OptimizerFactory, where: string): OptimizerFactory {
  if (optimizer instanceof Optimizer) return (params) => checkCovers(optimizer, params, where);
  if (typeof optimizer === "function") return optimizer;
  if (typeof optimizer === "string" && Object.hasOwn(OPTIMIZERS, optimizer)) return OPTIMIZERS[optimizer];
  throw new ValueError({ where, expected: `optimizer to be one of ${OPTIMIZER_NAMES.map((n) => `"${n}"`).join(", ")}, an optim.Optimizer or a function (params) => Optimizer`, got: typeof optimizer === "string" ? JSON.stringify(optimizer) : String(optimizer) });
}

/** An optimizer made by the user must update every weight of the model, or training silently skips some. */
function checkCovers(optimizer: AnyOptimizer, params: readonly Parameter[], where: string): AnyOptimizer {
  const owned = new Set(optimizer.paramGroups.flatMap((g) => g.params));
  const missing = params.filter((p) => !owned.has(p)).length;
  if (missing > 0) {
    throw new ValueError({ where, expected: "an optimizer over this model's parameters", got: `one that leaves out ${missing} of its ${params.length} parameter tensors`, hint: "create it after the model is built, e.g. new optim.Adam(model.parameters()), or pass a name such as \"adam\"." });
  }
  return optimizer;
}
