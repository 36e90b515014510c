import { ValueError } from "../errors.js";
import { callable } from "./callable.js";
import type { InputLayer } from "./input.js";
import type { Layer } from "./layers/layer.js";
import { LayersModel } from "./model.js";
import { uniqueName } from "./naming.js";
import { SymbolicTensor } from "./symbolic-tensor.js";

export interface ModelArgs {
  inputs: SymbolicTensor | readonly [SymbolicTensor];
  outputs: SymbolicTensor | readonly [SymbolicTensor];
  name?: string;
}

function single(value: SymbolicTensor | readonly SymbolicTensor[], what: string): SymbolicTensor {
  const list = value instanceof SymbolicTensor ? [value] : Array.isArray(value) ? value : [];
  if (list.length !== 1 || !(list[0] instanceof SymbolicTensor)) {
    throw new ValueError({ where: "keras.Model", expected: `${what} to be one keras.Input or layer output (models with several inputs or outputs are not supported yet)`, got: Array.isArray(value) ? `${value.length} values` : String(value) });
  }
  return list[0];
}

/**
 * Keras' functional model, `keras.Model({ inputs, outputs })`: the layers applied from `inputs` to
 * `outputs` with layer.apply. Our layers take one input each, so the path from output back to
 * input is a chain; it runs in that order (a layer applied twice runs twice, with shared weights).
 */
export class FunctionalModel extends LayersModel {
  private readonly inputLayer: InputLayer;
  private readonly chain: Layer[];

  constructor(args: ModelArgs) {
    const input = single(args?.inputs, "inputs");
    const output = single(args?.outputs, "outputs");
    super("Functional", args.name ?? uniqueName("model"));
    const chain: Layer[] = [];
    let t = output;
    while (t.input !== null) {
      chain.unshift(t.sourceLayer!);
      t = t.input;
    }
    if (t !== input) {
      throw new ValueError({ where: "keras.Model", expected: `outputs computed from inputs "${input.name}"`, got: `outputs computed from another input, "${t.name}"`, hint: "build the layers by applying them, starting from the keras.Input you pass as inputs." });
    }
    this.inputLayer = input.sourceLayer as InputLayer;
    this.chain = chain;
    for (const layer of chain) this.registerLayer(layer);
  }

  get layers(): Layer[] {
    return [this.inputLayer, ...new Set(this.chain)];
  }

  protected ensureBuilt(): void {
    // Every layer was built when it was applied to a symbolic input.
  }

  protected get callOrder(): readonly Layer[] {
    return this.chain;
  }
}

/** `keras.Model({ inputs, outputs })`, with or without `new`. */
export const Model = callable(FunctionalModel);
export type Model = FunctionalModel;
