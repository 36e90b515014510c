/** `nn.functional` (also exported as `F`). */
export { linear } from "../nn/functional/linear.js";
export { elu, gelu, leakyRelu, logSoftmax, relu, selu, sigmoid, softmax, tanh } from "../nn/functional/activation.js";
export {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss,
  type CrossEntropyOptions, type NllOptions, type Reduction,
} from "../nn/functional/loss.js";
export { dropout, type DropoutOptions } from "../nn/functional/dropout.js";
export { conv1d, conv2d, type Conv2dOptions } from "../nn/functional/conv.js";
export { adaptiveAvgPool2d, avgPool2d, maxPool2d, type AvgPool2dOptions, type Pool2dOptions } from "../nn/functional/pool.js";
export { batchNorm, layerNorm } from "../nn/functional/normalization.js";
export { embedding } from "../nn/functional/embedding.js";
