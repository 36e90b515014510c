import { checkActivation } from "../activations.js";
import { callable } from "../callable.js";
import { Layer, type LayerOptions, type SampleShape } from "./layer.js";

/** Keras' Activation("relu"): applies an activation and holds no weights. */
export class ActivationLayer extends Layer {
  constructor(activation: string, options: LayerOptions = {}) {
    super("Activation", options, checkActivation(activation, "keras.layers.Activation"));
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...inputShape];
  }

  protected createModule(): null {
    return null;
  }
}

export const Activation = callable(ActivationLayer);
export type Activation = ActivationLayer;
