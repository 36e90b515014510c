/** dropout-ts: the public entry. Everything users import comes from here. */
import "./ops/methods.js";

export { AutogradError, BackendError, DTypeError, DropoutTsError, FormatError, ShapeError, ValueError } from "./errors.js";
export type { ErrorParts } from "./errors.js";
export type { DType, TypedArray } from "./backend/dtype.js";
export type { Backend } from "./backend/backend.js";
export { getBackend, setBackend } from "./backend/registry.js";
export { getNumThreads, setNumThreads } from "./backend/wasm/kernel-threads.js";
export { Generator, getDefaultGenerator, manualSeed } from "./random/generator.js";
export { Tensor } from "./tensor/tensor.js";
export {
  arange, eye, full, fullLike, linspace, ones, onesLike, rand, randint, randLike, randn, randnLike, randperm, tensor, zeros, zerosLike,
} from "./tensor/creation.js";
export type { CreateOptions, RandomOptions, TensorData } from "./tensor/creation.js";
export { enableGrad, isGradEnabled, noGrad } from "./autograd/grad-mode.js";
export { tidy, tidyEach, type TidyOptions } from "./autograd/tidy.js";
export { where, maximum, minimum } from "./ops/binary.js";
export { matmul } from "./ops/matmul.js";
export { cat, stack } from "./ops/join.js";

export * as nn from "./namespaces/nn.js";
export * as F from "./namespaces/functional.js";
export * as optim from "./namespaces/optim.js";
export * as data from "./namespaces/data.js";
export * as datasets from "./namespaces/datasets.js";
export * as keras from "./namespaces/keras.js";
export { fit, type FitOptions } from "./train/fit.js";
export { evaluate, type EvaluateOptions, type EvaluateResult } from "./train/evaluate.js";
export { EarlyStopping, LambdaCallback, type Callback, type Logs, type TrainContext } from "./train/callbacks.js";
export { History } from "./train/history.js";
export { mcPredict, type McPredictOptions, type McPrediction } from "./train/mc-dropout.js";
