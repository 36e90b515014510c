import { ValueError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { dropout } from "../functional/dropout.js";
import type { Module } from "../module.js";
import { type DropoutModuleOptions, DropoutNd } from "./dropout.js";

type WithWeight = Module & { weight: Tensor };

/**
 * DropConnect (Wan et al. 2013): drops the wrapped layer's weights instead of its activations, a
 * fresh mask per forward, with inverted scaling so eval uses the weights as they are. The bias is
 * kept. Gradients reach the layer's own weight through the mask.
 */
export class DropConnect<M extends WithWeight = WithWeight> extends DropoutNd {
  readonly module: M;

  constructor(module: M, p = 0.5, options: Omit<DropoutModuleOptions, "inplace"> = {}) {
    super(p, options);
    if (!((module as { weight?: unknown }).weight instanceof Tensor)) {
      throw new ValueError({ where: "DropConnect", expected: "a module with a weight parameter (e.g. Linear or Conv2d)", got: String(module).split("\n")[0]! });
    }
    this.module = module;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(...inputs: any[]): any {
    if (!this.training || this.p === 0) return this.module.forward(...inputs);
    const weight = this.module.weight;
    this.module.weight = dropout(weight, { ...this.opOptions(), inplace: false }, "DropConnect");
    try {
      return this.module.forward(...inputs);
    } finally {
      this.module.weight = weight;
    }
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
