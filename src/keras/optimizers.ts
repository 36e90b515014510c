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

export interface AdamArgs { learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
export interface SGDArgs { learningRate?: number; momentum?: number; nesterov?: boolean }
export interface RMSpropArgs { learningRate?: number; rho?: number; momentum?: number; epsilon?: number }

/**
 * keras.optimizers: Keras' optimizers with Keras' names and defaults (which differ from PyTorch's:
 * eps 1e-7; SGD lr 0.01; RMSprop lr 0.001 and rho, our alpha, 0.9). Each returns the factory compile
 * takes, as the model's weights may not exist yet: `compile({ optimizer: keras.optimizers.Adam({ learningRate: 1e-4 }) })`.
 */
export const optimizers = {
  Adam: (args: AdamArgs = {}): OptimizerFactory => (params) =>
    new Adam(params, { lr: args.learningRate ?? 0.001, betas: [args.beta1 ?? 0.9, args.beta2 ?? 0.999], eps: args.epsilon ?? 1e-7 }),
  SGD: (args: SGDArgs = {}): OptimizerFactory => (params) =>
    new SGD(params, { lr: args.learningRate ?? 0.01, momentum: args.momentum ?? 0, nesterov: args.nesterov ?? false }),
  RMSprop: (args: RMSpropArgs = {}): OptimizerFactory => (params) =>
    new RMSprop(params, { lr: args.learningRate ?? 0.001, alpha: args.rho ?? 0.9, momentum: args.momentum ?? 0, eps: args.epsilon ?? 1e-7 }),
} as const;

const OPTIMIZERS: Record<OptimizerName, OptimizerFactory> = { adam: optimizers.Adam(), sgd: optimizers.SGD(), rmsprop: optimizers.RMSprop() };

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
