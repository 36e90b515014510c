/**
 * Keras' dropout family over ours. Keras' rate is our p. Dropout and the spatial variants are one
 * module, nn.Dropout with a noise shape (Keras defines SpatialDropout the same way: a mask shared
 * over the spatial axes of channels-last data, [N, 1, 1, C]), so no transposes are needed.
 */
import { ShapeError } from "../../errors.js";
import { alphaDropout, dropout } from "../../nn/functional/dropout.js";
import { AlphaDropout as NnAlphaDropout, Dropout as NnDropout } from "../../nn/modules/dropout.js";
import { GaussianDropout as NnGaussianDropout, GaussianNoise as NnGaussianNoise } from "../../nn/modules/noise.js";
import { checkStd } from "../../nn/functional/noise.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import { callable } from "../callable.js";
import { fmtBatchShape, Layer, type LayerOptions, type SampleShape } from "./layer.js";

export type NoiseShape = readonly (number | null)[];

/** nn.Dropout whose mask has `noiseShape(x.shape)` (1 where one mask value is shared). */
class NoiseShapedDropout extends NnDropout {
  constructor(rate: number, private readonly noiseShapeFor: (shape: readonly number[]) => NoiseShape | undefined, private readonly layerName: string) {
    super(rate);
  }

  override forward(x: Tensor): Tensor {
    const noiseShape = this.noiseShapeFor(x.shape);
    return dropout(x, { ...this.opOptions(), ...(noiseShape === undefined ? {} : { noiseShape }) }, this.layerName);
  }
}

/** The rate-based layers: `rate` checked in [0, 1) at construction; the output has the input's shape. */
abstract class RateLayer extends Layer {
  readonly rate: number;

  constructor(className: string, rate: number, options: LayerOptions) {
    const checked = checkProbability(rate, `keras.layers.${className}`, { name: "rate" });
    super(className, options);
    this.rate = checked;
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...inputShape];
  }
}

export interface DropoutOptions extends LayerOptions {
  /** Keras' noise_shape: the mask's shape with the batch dim, 1 where the mask is shared, null for "as the input". */
  noiseShape?: NoiseShape;
}

/** The rate layers that take Keras' noise_shape. */
abstract class NoiseShapedLayer extends RateLayer {
  readonly noiseShape: NoiseShape | undefined;

  constructor(className: string, rate: number, options: DropoutOptions) {
    super(className, rate, options);
    this.noiseShape = options.noiseShape;
  }
}

/** Keras' Dropout(rate, { noiseShape? }): inverted dropout in training, the identity in evaluate/predict. */
export class DropoutLayer extends NoiseShapedLayer {
  constructor(rate: number, options: DropoutOptions = {}) {
    super("Dropout", rate, options);
  }

  protected createModule(): NnDropout {
    const noiseShape = this.noiseShape;
    return new NoiseShapedDropout(this.rate, () => noiseShape, this.describe());
  }
}

/** SpatialDropout1D/2D: drops whole channels of channels-last [N, steps, C] or [N, H, W, C] inputs. */
abstract class SpatialDropout extends RateLayer {
  constructor(className: string, private readonly rank: 2 | 3, rate: number, options: LayerOptions) {
    super(className, rate, options);
  }

  override computeOutputShape(inputShape: SampleShape): number[] {
    if (inputShape.length !== this.rank) {
      const layout = this.rank === 2 ? "[*, steps, channels]" : "[*, height, width, channels]";
      throw new ShapeError({ where: this.describe(), expected: `input of rank ${this.rank + 1}, ${layout} (channels last, as Keras)`, got: fmtBatchShape(inputShape) });
    }
    return [...inputShape];
  }

  protected createModule(): NnDropout {
    return new NoiseShapedDropout(this.rate, (shape) => shape.map((s, d) => (d === 0 || d === shape.length - 1 ? s : 1)), this.describe());
  }
}

export class SpatialDropout1DLayer extends SpatialDropout {
  constructor(rate: number, options: LayerOptions = {}) {
    super("SpatialDropout1D", 2, rate, options);
  }
}

export class SpatialDropout2DLayer extends SpatialDropout {
  constructor(rate: number, options: LayerOptions = {}) {
    super("SpatialDropout2D", 3, rate, options);
  }
}

/** Keras' GaussianDropout(rate): multiplicative noise N(1, rate/(1 − rate)) in training. */
export class GaussianDropoutLayer extends RateLayer {
  constructor(rate: number, options: LayerOptions = {}) {
    super("GaussianDropout", rate, options);
  }

  protected createModule(): NnGaussianDropout {
    return new NnGaussianDropout(this.rate);
  }
}

/** nn.AlphaDropout with Keras' noise shape. */
class NoiseShapedAlphaDropout extends NnAlphaDropout {
  constructor(rate: number, private readonly noiseShape: NoiseShape | undefined, private readonly layerName: string) {
    super(rate);
  }

  override forward(x: Tensor): Tensor {
    return alphaDropout(x, { ...this.opOptions(), ...(this.noiseShape === undefined ? {} : { noiseShape: this.noiseShape }) }, this.layerName);
  }
}

/** Keras' AlphaDropout(rate, { noiseShape? }), for SELU networks. */
export class AlphaDropoutLayer extends NoiseShapedLayer {
  constructor(rate: number, options: DropoutOptions = {}) {
    super("AlphaDropout", rate, options);
  }

  protected createModule(): NnAlphaDropout {
    return new NoiseShapedAlphaDropout(this.rate, this.noiseShape, this.describe());
  }
}

/** Keras' GaussianNoise(stddev): additive noise N(0, stddev²) in training. */
export class GaussianNoiseLayer extends Layer {
  readonly stddev: number;

  constructor(stddev: number, options: LayerOptions = {}) {
    const checked = checkStd(stddev, "keras.layers.GaussianNoise");
    super("GaussianNoise", options);
    this.stddev = checked;
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...inputShape];
  }

  protected createModule(): NnGaussianNoise {
    return new NnGaussianNoise(this.stddev);
  }
}

export const Dropout = callable(DropoutLayer);
export type Dropout = DropoutLayer;
export const SpatialDropout1D = callable(SpatialDropout1DLayer);
export type SpatialDropout1D = SpatialDropout1DLayer;
export const SpatialDropout2D = callable(SpatialDropout2DLayer);
export type SpatialDropout2D = SpatialDropout2DLayer;
export const GaussianDropout = callable(GaussianDropoutLayer);
export type GaussianDropout = GaussianDropoutLayer;
export const GaussianNoise = callable(GaussianNoiseLayer);
export type GaussianNoise = GaussianNoiseLayer;
export const AlphaDropout = callable(AlphaDropoutLayer);
export type AlphaDropout = AlphaDropoutLayer;
