import type { Layer } from "./layers/layer.js";

/**
 * A placeholder in a functional model: the shape of one sample and the layer that produced it
 * from which input (Keras' KerasTensor). `keras.Input` makes one; `layer.apply(x)` makes the next.
 */
export class SymbolicTensor {
  constructor(
    /** One sample's shape (Keras prints it with the batch as None: (None, 784)). */
    readonly shape: readonly number[],
    /** The layer that computes it; null for a model input. */
    readonly sourceLayer: Layer | null,
    readonly input: SymbolicTensor | null,
    readonly name = sourceLayer?.name ?? "input",
  ) {}

  toString(): string {
    return `SymbolicTensor(shape=[null, ${this.shape.join(", ")}], name="${this.name}")`;
  }
}
