// Modules use tensor methods (x.add_(…)); make sure they are installed whoever imports nn first.
import "../ops/methods.js";
import { noGrad } from "../autograd/grad-mode.js";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../util/shape.js";
import { Parameter } from "./parameter.js";
import { zeroGrads, type ZeroGradOptions } from "./zero-grad.js";

export type StateDict = Record<string, Tensor>;

/**
 * Base of every layer and model. Child modules and Parameters held in fields are found
 * automatically, in field order (PyTorch's registration order); buffers (state that is saved but
 * not learned, such as BatchNorm's running statistics) are declared with `registerBuffer`.
 */
export abstract class Module {
  training = true;
  private readonly bufferNames = new Set<string>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...inputs: any[]): any;

  /** Declares `name` (a field holding a tensor, or null) as a buffer: in stateDict, never trained. */
  protected registerBuffer(name: string, tensor: Tensor | null): void {
    this.bufferNames.add(name);
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /** [name, child] for direct children, in field order. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [name, value] of Object.entries(this)) if (value instanceof Module) out.push([name, value]);
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, each once. */
  namedModules(prefix = "", seen = new Set<Module>()): [string, Module][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix === "" ? name : `${prefix}.${name}`, seen));
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Own parameters (field order), then each child's, with dotted names; shared parameters once. */
  namedParameters(prefix = "", recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modPrefix, mod] of modules) {
      for (const [name, value] of Object.entries(mod)) {
        if (value instanceof Parameter && !seen.has(value)) {
          seen.add(value);
          out.push([modPrefix === "" ? name : `${modPrefix}.${name}`, value]);
        }
      }
    }
    return out;
  }

  parameters(recurse = true): Parameter[] {
    return this.namedParameters("", recurse).map(([, p]) => p);
  }

  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [modPrefix, mod] of this.namedModules(prefix)) {
      for (const name of mod.bufferNames) {
        const value = (mod as unknown as Record<string, unknown>)[name];
        if (value instanceof Tensor) out.push([modPrefix === "" ? name : `${modPrefix}.${name}`, value]);
      }
    }
    return out;
  }

  /** Sets training mode on this module and every descendant (dropout active, BatchNorm batch stats). */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: the same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Calls fn on every descendant, then this module (PyTorch's order). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Clears every parameter's gradient: zeroed in place, or dropped with { setToNone: true } (see ZeroGradOptions). */
  zeroGrad(options: ZeroGradOptions = {}): void {
    zeroGrads(this.parameters(), options);
  }

  /** Parameters and buffers by dotted name, in a stable order (PyTorch's state_dict keys). */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [modPrefix, mod] of this.namedModules()) {
      const key = (name: string): string => (modPrefix === "" ? name : `${modPrefix}.${name}`);
      for (const [name, value] of Object.entries(mod)) if (value instanceof Parameter) out[key(name)] = value.detach();
      for (const name of mod.bufferNames) {
        const value = (mod as unknown as Record<string, unknown>)[name];
        if (value instanceof Tensor) out[key(name)] = value.detach();
      }
    }
    return out;
  }

  /** Copies values into this module's parameters and buffers. Strict by default: every key must match. */
  loadStateDict(state: StateDict, options: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const own = this.stateDict();
    const where = `${this.constructor.name}.loadStateDict`;
    const missingKeys = Object.keys(own).filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !(k in own));
    if (options.strict !== false && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts = [missingKeys.length > 0 ? `missing ${missingKeys.map((k) => `"${k}"`).join(", ")}` : "", unexpectedKeys.length > 0 ? `unexpected ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}` : ""].filter((s) => s !== "");
      throw new ValueError({ where, expected: `exactly the keys ${Object.keys(own).map((k) => `"${k}"`).join(", ")}`, got: parts.join("; "), hint: "pass { strict: false } to load only the keys that match." });
    }
    for (const [key, target] of Object.entries(own)) {
      const source = state[key];
      if (source === undefined) continue;
      if (!shapesEqual(source.shape, target.shape)) {
        throw new ShapeError({ where, expected: `"${key}" of shape ${fmtShape(target.shape)}`, got: `shape ${fmtShape(source.shape)}` });
      }
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const source = state[key];
        if (source !== undefined) target.copy_(source);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** The text inside the parentheses of this module's one-line form, e.g. `p=0.5`. */
  extraRepr(): string {
    return "";
  }

  /** The module tree, PyTorch style. */
  toString(): string {
    const children = this.namedChildren();
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    // As PyTorch: with children, the extra repr gets its own line above them.
    const lines = children.map(([name, child]) => `  (${name}): ${String(child).split("\n").join("\n  ")}`);
    if (extra !== "") lines.unshift(`  ${extra}`);
    return `${this.constructor.name}(\n${lines.join("\n")}\n)`;
  }
}
