/** `nn.functional` (also exported as `F`). */
export { linear } from "../nn/functional/linear.js";
export { elu, gelu, leakyRelu, logSoftmax, relu, selu, sigmoid, softmax, tanh } from "../nn/functional/activation.js";
export {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss,
  type CrossEntropyOptions, type NllOptions, type Reduction,
} from "../nn/functional/loss.js";
export {
  ALPHA_DROPOUT_SATURATION, alphaDropout, alphaDropoutAffine, dropout, dropout1d, dropout2d, dropout3d, dropPath, featureAlphaDropout, lockedDropout,
  type AlphaDropoutOptions, type DropoutOptions, type FeatureDropoutOptions, type LockedDropoutOptions, type MaskStorage, type Scaling,
} from "../nn/functional/dropout.js";
export { gaussianDropout, gaussianNoise, type GaussianDropoutOptions, type GaussianNoiseOptions } from "../nn/functional/noise.js";
export { dropBlock2d, dropBlockGamma, type DropBlockOptions } from "../nn/functional/drop-block.js";
export { concreteDropout, type ConcreteDropoutOptions } from "../nn/functional/concrete-dropout.js";
export { conv1d, conv2d, type Conv2dOptions } from "../nn/functional/conv.js";
export { adaptiveAvgPool2d, avgPool2d, maxPool2d, type AvgPool2dOptions, type Pool2dOptions } from "../nn/functional/pool.js";
export { batchNorm, layerNorm } from "../nn/functional/normalization.js";
export { embedding } from "../nn/functional/embedding.js";
