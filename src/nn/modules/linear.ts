import { ShapeError } from "../../errors.js";
import type { Generator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt } from "../../util/check.js";
import { fmtShape } from "../../util/shape.js";
import { linear } from "../functional/linear.js";
import { defaultLayerInit } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

export interface LinearOptions {
  bias?: boolean;
  dtype?: "float32" | "float64";
  generator?: Generator;
}

/** y = x·Wᵀ + b; W has shape [outFeatures, inFeatures], initialised as PyTorch does. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = checkPositiveInt(inFeatures, "Linear", "inFeatures");
    this.outFeatures = checkPositiveInt(outFeatures, "Linear", "outFeatures");
    const dtype = options.dtype ?? "float32";
    this.weight = new Parameter(Tensor.empty([outFeatures, inFeatures], dtype));
    this.bias = options.bias === false ? null : new Parameter(Tensor.empty([outFeatures], dtype));
    defaultLayerInit(this.weight, this.bias, options.generator);
  }

  forward(x: Tensor): Tensor {
    const last = x.shape[x.shape.length - 1];
    if (x.shape.length === 0 || last !== this.inFeatures) {
      throw new ShapeError({ where: `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures})`, expected: `input of shape [*, ${this.inFeatures}]`, got: fmtShape(x.shape), hint: this.shapeHint(x) });
    }
    return linear(x, this.weight, this.bias);
  }

  /** What most likely went wrong, and the fix. */
  private shapeHint(x: Tensor): string {
    if (x.shape.length > 2) {
      const flat = x.shape.slice(1).reduce((a, b) => a * b, 1);
      if (flat === this.inFeatures) return "flatten all but the batch dimension first, e.g. x.flatten(1).";
    }
    if (x.shape.length === 2) {
      return `the layer before produces ${x.shape[1]} features per sample; use new nn.Linear(${x.shape[1]}, ${this.outFeatures}).`;
    }
    return `the last dimension must be the ${this.inFeatures} input features.`;
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** Returns its input (a placeholder layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

