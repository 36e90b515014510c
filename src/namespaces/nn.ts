/** The `nn` namespace: modules, containers, losses, init, utils, and `functional`. */
export { Module, type StateDict } from "../nn/module.js";
export { Parameter } from "../nn/parameter.js";
export { Identity, Linear, type LinearOptions } from "../nn/modules/linear.js";
export { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, SELU, Sigmoid, Softmax, Tanh } from "../nn/modules/activation.js";
export { ModuleDict, ModuleList, Sequential } from "../nn/modules/container.js";
export { Flatten } from "../nn/modules/flatten.js";
export { Conv1d, Conv2d, type ConvOptions } from "../nn/modules/conv.js";
export { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "../nn/modules/pool.js";
export { BatchNorm1d, BatchNorm2d, LayerNorm, type BatchNormOptions } from "../nn/modules/normalization.js";
export { Embedding } from "../nn/modules/embedding.js";
export { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss } from "../nn/modules/loss.js";
export {
  AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, DropoutNd, DropPath, FeatureAlphaDropout, LockedDropout, NoiseModule,
  type DropoutModuleOptions, type DropoutWithScalingOptions, type LockedDropoutModuleOptions,
} from "../nn/modules/dropout.js";
export { GaussianDropout, GaussianNoise } from "../nn/modules/noise.js";
export { DropBlock2d } from "../nn/modules/drop-block.js";
export { DropConnect } from "../nn/modules/drop-connect.js";
export { ConcreteDropout, concreteDropoutRegularization, type ConcreteDropoutOptions } from "../nn/modules/concrete-dropout.js";
export * as functional from "./functional.js";
export * as init from "../nn/init.js";
export * as utils from "../nn/utils.js";
