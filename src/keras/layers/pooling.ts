import type { Module } from "../../nn/module.js";
import { MaxPool2d } from "../../nn/modules/pool.js";
import type { Tensor } from "../../tensor/tensor.js";
import { callable } from "../callable.js";
import { checkPadding, imageShape, type Padding, type Pair, runChannelsFirst, toPair, windowOutput, windowPadding } from "./channels-last.js";
import { Layer, type LayerOptions, type SampleShape } from "./layer.js";

export interface MaxPooling2DOptions extends LayerOptions {
  /** Default: the pool size, as Keras. */
  strides?: Pair;
  padding?: Padding;
}

/** Keras' MaxPooling2D on channels-last images [N, H, W, C], backed by nn.MaxPool2d. */
export class MaxPooling2DLayer extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  constructor(poolSize: Pair = 2, options: MaxPooling2DOptions = {}) {
    const where = "keras.layers.MaxPooling2D";
    const pool = toPair(poolSize, "poolSize", where);
    const strides = toPair(options.strides ?? pool, "strides", where);
    const padding = checkPadding(options.padding, where);
    super("MaxPooling2D", options);
    this.poolSize = pool;
    this.strides = strides;
    this.padding = padding;
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...windowOutput(inputShape, this.poolSize, this.strides, this.padding, this.describe()), imageShape(inputShape, this.describe())[2]];
  }

  protected createModule(inputShape: SampleShape): MaxPool2d {
    const padding = windowPadding(inputShape, this.poolSize, this.strides, this.padding, this.describe());
    return new MaxPool2d(this.poolSize, { stride: this.strides, padding });
  }

  protected override runModule(module: Module | null, x: Tensor): Tensor {
    return runChannelsFirst(x, (nchw) => module!.forward(nchw) as Tensor);
  }
}

export const MaxPooling2D = callable(MaxPooling2DLayer);
export type MaxPooling2D = MaxPooling2DLayer;
