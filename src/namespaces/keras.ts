/** The `keras` namespace: a Keras-style front over nn, optim and fit (TensorFlow.js Layers naming where Python's does not fit JS). */
import { clearSession } from "../keras/naming.js";
import { toCategorical } from "../keras/to-categorical.js";

export { Sequential, SequentialModel } from "../keras/sequential.js";
export { FunctionalModel, Model, type ModelArgs } from "../keras/functional.js";
export { LayersModel, type BatchArgs, type KerasFitArgs } from "../keras/model.js";
export type { CompileArgs, MetricName } from "../keras/compile.js";
export type { LossFunction, LossName } from "../keras/losses.js";
export { optimizers, type AdamArgs, type OptimizerFactory, type OptimizerName, type RMSpropArgs, type SGDArgs } from "../keras/optimizers.js";
export { Input, InputLayer, type InputOptions } from "../keras/input.js";
export { SymbolicTensor } from "../keras/symbolic-tensor.js";
export { History, type HistoryParams } from "../keras/history.js";
export * as layers from "./keras-layers.js";

/** keras.utils: toCategorical (Keras' to_categorical). */
export const utils = { toCategorical } as const;
/** keras.backend: clearSession() restarts the automatic layer names ("dense", "dense_1", …). */
export const backend = { clearSession } as const;
