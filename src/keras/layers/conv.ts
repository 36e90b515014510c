import { Conv2d } from "../../nn/modules/conv.js";
import { checkPositiveInt } from "../../util/check.js";
import { checkActivation } from "../activations.js";
import { callable } from "../callable.js";
import { checkInitializer, initialize, type InitializerName } from "../initializers.js";
import { checkPadding, imageShape, type Padding, type Pair, runChannelsFirst, toPair, windowOutput, windowPadding } from "./channels-last.js";
import { Layer, type LayerOptions, type SampleShape } from "./layer.js";
import type { Module } from "../../nn/module.js";
import type { Tensor } from "../../tensor/tensor.js";

export interface Conv2DOptions extends LayerOptions {
  strides?: Pair;
  padding?: Padding;
  activation?: string;
  useBias?: boolean;
  kernelInitializer?: string;
  biasInitializer?: string;
}

/** Keras' Conv2D on channels-last images [N, H, W, C], backed by nn.Conv2d (weights [filters, C, kh, kw]). */
export class Conv2DLayer extends Layer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;

  constructor(filters: number, kernelSize: Pair, options: Conv2DOptions = {}) {
    const where = "keras.layers.Conv2D";
    checkPositiveInt(filters, where, "filters");
    const kernel = toPair(kernelSize, "kernelSize", where);
    const strides = toPair(options.strides ?? 1, "strides", where);
    const padding = checkPadding(options.padding, where);
    const activation = checkActivation(options.activation, where);
    const kernelInitializer = checkInitializer(options.kernelInitializer, "glorot_uniform", where);
    const biasInitializer = checkInitializer(options.biasInitializer, "zeros", where);
    super("Conv2D", options, activation);
    this.filters = filters;
    this.kernelSize = kernel;
    this.strides = strides;
    this.padding = padding;
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...windowOutput(inputShape, this.kernelSize, this.strides, this.padding, this.describe()), this.filters];
  }

  protected createModule(inputShape: SampleShape): Conv2d {
    const channels = imageShape(inputShape, this.describe())[2];
    const padding = windowPadding(inputShape, this.kernelSize, this.strides, this.padding, this.describe());
    const conv = new Conv2d(channels, this.filters, this.kernelSize, { stride: this.strides, padding, bias: this.useBias });
    initialize(conv.weight, this.kernelInitializer);
    if (conv.bias !== null) initialize(conv.bias, this.biasInitializer);
    return conv;
  }

  protected override runModule(module: Module | null, x: Tensor): Tensor {
    return runChannelsFirst(x, (nchw) => module!.forward(nchw) as Tensor);
  }
}

export const Conv2D = callable(Conv2DLayer);
export type Conv2D = Conv2DLayer;
