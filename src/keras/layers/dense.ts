import { Linear } from "../../nn/modules/linear.js";
import { checkPositiveInt } from "../../util/check.js";
import { checkActivation } from "../activations.js";
import { callable } from "../callable.js";
import { checkInitializer, initialize, type InitializerName } from "../initializers.js";
import { Layer, type LayerOptions, type SampleShape } from "./layer.js";

export interface DenseOptions extends LayerOptions {
  /** "relu", "softmax", … (default: none). */
  activation?: string;
  useBias?: boolean;
  /** Default "glorot_uniform", as Keras (PyTorch's Linear uses a different default). */
  kernelInitializer?: string;
  /** Default "zeros", as Keras. */
  biasInitializer?: string;
}

/** Keras' Dense: activation(x·W + b) over the last axis, backed by nn.Linear (weight stored [units, inputDim]). */
export class DenseLayer extends Layer {
  readonly units: number;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerName;
  readonly biasInitializer: InitializerName;

  constructor(units: number, options: DenseOptions = {}) {
    const where = "keras.layers.Dense";
    checkPositiveInt(units, where, "units");
    const activation = checkActivation(options.activation, where);
    const kernelInitializer = checkInitializer(options.kernelInitializer, "glorot_uniform", where);
    const biasInitializer = checkInitializer(options.biasInitializer, "zeros", where);
    super("Dense", options, activation);
    this.units = units;
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  protected createModule(inputShape: SampleShape): Linear {
    const linear = new Linear(inputShape[inputShape.length - 1]!, this.units, { bias: this.useBias });
    initialize(linear.weight, this.kernelInitializer);
    if (linear.bias !== null) initialize(linear.bias, this.biasInitializer);
    return linear;
  }
}

/** `keras.layers.Dense(512, { activation: "relu", inputShape: [784] })`, with or without `new`. */
export const Dense = callable(DenseLayer);
export type Dense = DenseLayer;
