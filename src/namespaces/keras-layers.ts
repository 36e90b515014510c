/** `keras.layers`: each callable with or without `new`, as in a Keras program. */
export { Layer, type CallOptions, type LayerOptions, type SampleShape } from "../keras/layers/layer.js";
export { Dense, DenseLayer, type DenseOptions } from "../keras/layers/dense.js";
export {
  AlphaDropout, AlphaDropoutLayer, Dropout, DropoutLayer, GaussianDropout, GaussianDropoutLayer, GaussianNoise, GaussianNoiseLayer,
  SpatialDropout1D, SpatialDropout1DLayer, SpatialDropout2D, SpatialDropout2DLayer, type DropoutOptions, type NoiseShape,
} from "../keras/layers/dropout.js";
export { Flatten, FlattenLayer } from "../keras/layers/flatten.js";
export { Activation, ActivationLayer } from "../keras/layers/activation.js";
export { Conv2D, Conv2DLayer, type Conv2DOptions } from "../keras/layers/conv.js";
export { MaxPooling2D, MaxPooling2DLayer, type MaxPooling2DOptions } from "../keras/layers/pooling.js";
export type { Padding, Pair } from "../keras/layers/channels-last.js";
