import { ValueError } from "../../errors.js";
import { Module } from "../module.js";

/** Runs its children in order, each on the previous one's output. Children are named "0", "1", … */
export class Sequential extends Module {
  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => this.append(layer, i));
  }

  private append(layer: Module, index: number): void {
    if (!(layer instanceof Module)) {
      throw new ValueError({ where: "Sequential", expected: "nn.Module layers", got: `${typeof layer} at position ${index}` });
    }
    (this as unknown as Record<string, Module>)[String(index)] = layer;
  }

  /** Adds a layer at the end. */
  add(layer: Module): this {
    this.append(layer, this.length);
    return this;
  }

  get length(): number {
    return this.children().length;
  }

  at(index: number): Module {
    const layers = this.children();
    const i = index < 0 ? index + layers.length : index;
    const layer = layers[i];
    if (layer === undefined) throw new ValueError({ where: "Sequential.at", expected: `an index in [${-layers.length}, ${layers.length - 1}]`, got: String(index) });
    return layer;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(input: any): any {
    let x = input;
    for (const layer of this.children()) x = layer.forward(x);
    return x;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

/** Holds modules in a list so their parameters are found; has no forward of its own. */
export class ModuleList extends Module {
  constructor(modules: readonly Module[] = []) {
    super();
    modules.forEach((m) => this.append(m));
  }

  append(module: Module): this {
    (this as unknown as Record<string, Module>)[String(this.length)] = module;
    return this;
  }

  get length(): number {
    return this.children().length;
  }

  at(index: number): Module | undefined {
    return this.children()[index < 0 ? index + this.length : index];
  }

  forward(): never {
    throw new ValueError({ where: "ModuleList", expected: "a container to iterate over", got: "a call to forward()", hint: "call each module in your own forward(), e.g. for (const m of list) x = m.forward(x)." });
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

/** Holds modules by name so their parameters are found; has no forward of its own. */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [k, m] of Object.entries(modules)) this.set(k, m);
  }

  set(key: string, module: Module): this {
    if (key === "training" || key === "bufferNames" || key in Module.prototype) {
      throw new ValueError({ where: "ModuleDict", expected: "a key that is not a Module attribute", got: `"${key}"` });
    }
    (this as unknown as Record<string, Module>)[key] = module;
    return this;
  }

  get(key: string): Module | undefined {
    const value = (this as unknown as Record<string, unknown>)[key];
    return value instanceof Module ? value : undefined;
  }

  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  forward(): never {
    throw new ValueError({ where: "ModuleDict", expected: "a container to index", got: "a call to forward()", hint: "call the modules you need in your own forward(), e.g. dict.get(\"encoder\")!.forward(x)." });
  }
}
