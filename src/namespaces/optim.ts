/** The `optim` namespace: optimizers, `lrScheduler`, `constraints`. */
export { Optimizer, type Constraint, type OptimizerState, type ParamGroup } from "../optim/optimizer.js";
export { SGD, type SGDOptions } from "../optim/sgd.js";
export { Adam, AdamW, type AdamOptions } from "../optim/adam.js";
export { RMSprop, type RMSpropOptions } from "../optim/rmsprop.js";
export { Adagrad, type AdagradOptions } from "../optim/adagrad.js";
export * as lrScheduler from "../optim/lr-scheduler.js";
export * as constraints from "../optim/constraints.js";
