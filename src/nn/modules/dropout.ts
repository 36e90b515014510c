import type { Generator } from "../../random/generator.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import { dropout } from "../functional/dropout.js";
import { Module } from "../module.js";

export interface DropoutModuleOptions {
  inplace?: boolean;
  generator?: Generator;
}

/** Zeroes each element with probability p in training (scaling the rest by 1/(1 − p)); the identity in eval. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  readonly generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super();
    this.p = checkProbability(p, "Dropout", { allowOne: true });
    this.inplace = options.inplace ?? false;
    this.generator = options.generator;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, inplace: this.inplace, ...(this.generator === undefined ? {} : { generator: this.generator }) });
  }

  override extraRepr(): string {
    return `p=${this.p}${this.inplace ? ", inplace=true" : ""}`;
  }
}
