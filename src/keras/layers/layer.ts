import { ShapeError, ValueError } from "../../errors.js";
import type { Module } from "../../nn/module.js";
import { Tensor } from "../../tensor/tensor.js";
import { fmtShape, numelOf, shapesEqual } from "../../util/shape.js";
import { type ActivationName, applyActivation } from "../activations.js";
import { withMode } from "../modes.js";
import { toSnakeCase, uniqueName } from "../naming.js";
import { SymbolicTensor } from "../symbolic-tensor.js";

/** Shapes without the batch dimension, as Keras' inputShape: [784], [28, 28, 1]. */
export type SampleShape = readonly number[];

export interface LayerOptions {
  /** The layer's name (default: the class name in snake_case, numbered: "dense", "dense_1", …). */
  name?: string;
  /** The shape of one sample (no batch dim): builds the layer at once, as on a Sequential's first layer. */
  inputShape?: SampleShape;
}

export interface CallOptions {
  /** Leave out a final softmax: the losses compute cross-entropy from these logits, stably. */
  logits?: boolean;
}

/**
 * Base of the Keras-style layers: a thin adapter that creates one of our nn modules once the input
 * shape is known (Keras' deferred build), checks every input against that shape, and applies the
 * Keras activation. The weights live in the nn module; the Keras model holds it as a child.
 */
export abstract class Layer {
  readonly name: string;
  readonly className: string;
  /** The shape one sample must have, from `inputShape` (undefined: taken from the first input). */
  readonly declaredInputShape: SampleShape | undefined;
  /** Keras' activation applied after the module ("linear": none). */
  readonly activation: ActivationName;
  private built: { inputShape: number[]; outputShape: number[]; module: Module | null } | null = null;

  /** Subclasses validate their own arguments first (where: `keras.layers.<Class>`); building waits until the input shape is needed. */
  constructor(className: string, options: LayerOptions = {}, activation: ActivationName = "linear") {
    this.className = className;
    this.activation = activation;
    this.name = options.name ?? uniqueName(toSnakeCase(className));
    this.declaredInputShape = options.inputShape === undefined ? undefined : checkSampleShape(options.inputShape, `keras.layers.${className}`);
  }

  /** `layer "dense" (Dense)`: how errors name this layer. */
  describe(): string {
    return `layer "${this.name}" (${this.className})`;
  }

  /** The output shape of one sample; throws a ShapeError naming the layer when the input does not fit. */
  abstract computeOutputShape(inputShape: SampleShape): number[];

  /** The nn module that does the work (null for stateless layers such as Activation). */
  protected abstract createModule(inputShape: SampleShape): Module | null;

  /** Runs the module on a batch; layers that adapt layouts (channels last) override this. */
  protected runModule(module: Module | null, x: Tensor): Tensor {
    return module === null ? x : (module.forward(x) as Tensor);
  }

  get isBuilt(): boolean {
    return this.built !== null;
  }

  /** The nn module holding this layer's weights, once built. */
  get module(): Module | null {
    return this.requireBuilt().module;
  }

  get inputShape(): number[] {
    return this.requireBuilt().inputShape;
  }

  get outputShape(): number[] {
    return this.requireBuilt().outputShape;
  }

  /**
   * Creates the module for samples of the declared inputShape (else of `inputShape`), then checks
   * `inputShape` against it: a built layer only accepts the shape it was built for.
   */
  build(inputShape: SampleShape, batchShape?: readonly number[]): void {
    if (this.built === null) {
      const shape = this.declaredInputShape ?? inputShape;
      this.built = { inputShape: [...shape], outputShape: this.computeOutputShape(shape), module: this.createModule(shape) };
    }
    this.checkSampleShape(inputShape, batchShape);
  }

  private requireBuilt(): { inputShape: number[]; outputShape: number[]; module: Module | null } {
    if (this.built === null) {
      throw new ValueError({ where: this.describe(), expected: "a built layer", got: "a layer whose input shape is not known yet", hint: "give it an inputShape, apply it to keras.Input, or call it on data first." });
    }
    return this.built;
  }

  /** A ShapeError unless one sample has the shape this layer was built for. */
  checkSampleShape(sampleShape: SampleShape, batchShape?: readonly number[]): void {
    const expected = this.requireBuilt().inputShape;
    if (shapesEqual(sampleShape, expected)) return;
    const got = batchShape === undefined ? fmtBatchShape(sampleShape) : fmtShape(batchShape);
    const flat = numelOf(sampleShape) === numelOf(expected);
    const hint = flat
      ? `each sample has ${numelOf(expected)} values but another layout; reshape the data, e.g. x.reshape([-1, ${expected.join(", ")}]).`
      : `the data's samples have shape ${fmtShape(sampleShape)}; give the first layer inputShape: ${fmtShape(sampleShape)}, or fix the data.`;
    throw new ShapeError({ where: this.describe(), expected: `input of shape ${fmtBatchShape(expected)}`, got, hint });
  }

  /** Runs the layer on a batch (building it from the batch's shape if needed). */
  call(x: Tensor, options: CallOptions = {}): Tensor {
    if (!(x instanceof Tensor)) throw new ValueError({ where: this.describe(), expected: "a Tensor or a keras.Input", got: typeof x });
    if (x.shape.length === 0) throw new ShapeError({ where: this.describe(), expected: "a batch of samples [batch, …]", got: "a 0-d tensor" });
    this.build(x.shape.slice(1), x.shape);
    const out = this.runModule(this.built!.module, x);
    return options.logits === true && this.activation === "softmax" ? out : applyActivation(this.activation, out);
  }

  /**
   * TensorFlow.js' functional call: on a keras.Input (or a layer's output) it records the graph; on
   * a Tensor it computes, in inference mode unless `{ training: true }` (Keras' default outside fit).
   */
  apply(x: SymbolicTensor): SymbolicTensor;
  apply(x: Tensor, kwargs?: { training?: boolean }): Tensor;
  apply(x: SymbolicTensor | Tensor, kwargs: { training?: boolean } = {}): SymbolicTensor | Tensor {
    if (x instanceof SymbolicTensor) {
      this.build(x.shape);
      return new SymbolicTensor(this.outputShape, this, x);
    }
    if (x instanceof Tensor && x.shape.length > 0) this.build(x.shape.slice(1), x.shape);
    const module = this.built?.module ?? null;
    return module === null ? this.call(x) : withMode(module, kwargs.training ?? false, () => this.call(x));
  }

  /** Number of weights (Keras' count_params). */
  countParams(): number {
    const module = this.module;
    return module === null ? 0 : module.parameters().reduce((n, p) => n + p.numel(), 0);
  }

  toString(): string {
    return `${this.className}(name="${this.name}")`;
  }
}

/** Positive integer dims, or a ValueError naming where. */
export function checkSampleShape(shape: SampleShape, where: string): number[] {
  if (!(Array.isArray(shape) && shape.length > 0 && shape.every((d) => Number.isInteger(d) && d > 0))) {
    throw new ValueError({ where, expected: "inputShape to be the shape of one sample as positive integers, without the batch dim (e.g. [784])", got: JSON.stringify(shape) });
  }
  return [...shape];
}

/** `[*, 28, 28, 1]`: a sample shape with any batch size in front. */
export function fmtBatchShape(sampleShape: SampleShape): string {
  return `[*, ${sampleShape.join(", ")}]`;
}
