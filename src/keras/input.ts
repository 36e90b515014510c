import { checkSampleShape, Layer, type SampleShape } from "./layers/layer.js";
import { uniqueName } from "./naming.js";
import { SymbolicTensor } from "./symbolic-tensor.js";

/** The layer behind keras.Input: passes its input on; summaries list it first ("input_1 (InputLayer)"). */
export class InputLayer extends Layer {
  constructor(shape: SampleShape, name?: string) {
    const checked = checkSampleShape(shape, "keras.Input");
    // Keras numbers inputs from 1 ("input_1"), unlike other layers.
    super("InputLayer", { name: name ?? uniqueName("input", { zeroBased: false }), inputShape: checked });
    this.build(checked);
  }

  computeOutputShape(inputShape: SampleShape): number[] {
    return [...inputShape];
  }

  protected createModule(): null {
    return null;
  }
}

export interface InputOptions {
  /** One sample's shape, without the batch dim: [784], [28, 28, 1]. */
  shape: SampleShape;
  name?: string;
}

/** `keras.Input({ shape: [784] })`: the start of a functional model. */
export function Input(options: InputOptions): SymbolicTensor {
  const layer = new InputLayer(options?.shape, options?.name);
  return new SymbolicTensor(layer.outputShape, layer, null);
}
