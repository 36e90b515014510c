import { ValueError } from "../errors.js";
import { callable } from "./callable.js";
import { Layer, type SampleShape } from "./layers/layer.js";
import { LayersModel } from "./model.js";
import { uniqueName } from "./naming.js";

/**
 * Keras' Sequential: layers run one after another. Each layer is built as soon as its input shape
 * is known (the first layer's inputShape, or the previous layer's output); without an inputShape
 * the model is built from the first data it sees, as in Keras.
 */
export class SequentialModel extends LayersModel {
  private readonly stack: Layer[] = [];

  constructor(layers: readonly Layer[] = [], options: { name?: string } = {}) {
    super("Sequential", options.name ?? uniqueName("sequential"));
    for (const layer of layers) this.add(layer);
  }

  get layers(): Layer[] {
    return [...this.stack];
  }

  /** Adds a layer at the end (and builds it when the shape before it is known). */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) {
      const hint = typeof layer === "object" && layer !== null && "forward" in layer ? "this looks like an nn module: use new nn.Sequential(...) for those, keras.Sequential for keras.layers." : undefined;
      throw new ValueError({ where: `${this.describe()}.add`, expected: "a keras layer (keras.layers.Dense, …)", got: String(layer), ...(hint === undefined ? {} : { hint }) });
    }
    this.stack.push(layer);
    const previous = this.stack[this.stack.length - 2];
    if (previous === undefined ? layer.declaredInputShape !== undefined || layer.isBuilt : previous.isBuilt) {
      this.buildLayer(layer, previous === undefined ? (layer.declaredInputShape ?? layer.inputShape) : previous.outputShape);
    }
    return this;
  }

  private buildLayer(layer: Layer, inputShape: SampleShape): void {
    layer.build(inputShape);
    this.registerLayer(layer);
  }

  protected ensureBuilt(sampleShape: SampleShape): void {
    let shape = sampleShape;
    for (const layer of this.stack) {
      if (!layer.isBuilt) this.buildLayer(layer, shape);
      shape = layer.outputShape;
    }
    if (this.stack.length === 0) throw new ValueError({ where: this.describe(), expected: "at least one layer", got: "an empty model", hint: "add layers with model.add(...)." });
  }

  protected get callOrder(): readonly Layer[] {
    return this.stack;
  }
}

/** `keras.Sequential()` / `new keras.Sequential([layers])`. */
export const Sequential = callable(SequentialModel);
export type Sequential = SequentialModel;
