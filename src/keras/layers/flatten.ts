import { Flatten as NnFlatten } from "../../nn/modules/flatten.js";
import { numelOf } from "../../util/shape.js";
import { callable } from "../callable.js";
import { Layer, type LayerOptions, type SampleShape } from "./layer.js";

/** Keras' Flatten: each sample to a vector (channels-last data flattens in Keras' order: rows, columns, channels). */
export class FlattenLayer extends Layer {
  constructor(options: LayerOptions = {}) {
    super("Flatten", options);
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [numelOf(inputShape)];
  }

  protected createModule(): NnFlatten {
    return new NnFlatten();
  }
}

export const Flatten = callable(FlattenLayer);
export type Flatten = FlattenLayer;
