import { ValueError } from "../../errors.js";
import type { Generator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt } from "../../util/check.js";
import { conv1d, conv2d, type Pair, pair } from "../functional/conv.js";
import { defaultLayerInit } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

export interface ConvOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  dtype?: "float32" | "float64";
  generator?: Generator;
}

function channels(inChannels: number, outChannels: number, groups: number, where: string): void {
  checkPositiveInt(inChannels, where, "inChannels");
  checkPositiveInt(outChannels, where, "outChannels");
  if (!(Number.isInteger(groups) && groups > 0 && inChannels % groups === 0 && outChannels % groups === 0)) {
    throw new ValueError({ where, expected: `groups dividing inChannels ${inChannels} and outChannels ${outChannels}`, got: String(groups) });
  }
}

/** 2-D convolution, weight [out, in/groups, kh, kw], PyTorch's default init. */
export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, options: ConvOptions = {}) {
    super();
    this.groups = options.groups ?? 1;
    channels(inChannels, outChannels, this.groups, "Conv2d");
    this.kernelSize = pair(kernelSize, "kernelSize", "Conv2d", 1);
    this.stride = pair(options.stride ?? 1, "stride", "Conv2d", 1);
    this.padding = pair(options.padding ?? 0, "padding", "Conv2d", 0);
    this.dilation = pair(options.dilation ?? 1, "dilation", "Conv2d", 1);
    const dtype = options.dtype ?? "float32";
    this.weight = new Parameter(Tensor.empty([outChannels, inChannels / this.groups, ...this.kernelSize], dtype));
    this.bias = options.bias === false ? null : new Parameter(Tensor.empty([outChannels], dtype));
    defaultLayerInit(this.weight, this.bias, options.generator);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups }, this.describe());
  }

  private describe(): string {
    return `Conv2d(${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(", ")}])`;
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}`, `kernelSize=[${this.kernelSize.join(", ")}]`, `stride=[${this.stride.join(", ")}]`];
    if (this.padding.some((p) => p !== 0)) parts.push(`padding=[${this.padding.join(", ")}]`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=[${this.dilation.join(", ")}]`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push("bias=false");
    return parts.join(", ");
  }
}

/** 1-D convolution, weight [out, in/groups, k]. */
export class Conv1d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly groups: number;
  readonly options: { stride: number; padding: number; dilation: number };

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: number, options: Omit<ConvOptions, "stride" | "padding" | "dilation"> & { stride?: number; padding?: number; dilation?: number } = {}) {
    super();
    this.groups = options.groups ?? 1;
    channels(inChannels, outChannels, this.groups, "Conv1d");
    checkPositiveInt(kernelSize, "Conv1d", "kernelSize");
    this.options = { stride: options.stride ?? 1, padding: options.padding ?? 0, dilation: options.dilation ?? 1 };
    const dtype = options.dtype ?? "float32";
    this.weight = new Parameter(Tensor.empty([outChannels, inChannels / this.groups, kernelSize], dtype));
    this.bias = options.bias === false ? null : new Parameter(Tensor.empty([outChannels], dtype));
    defaultLayerInit(this.weight, this.bias, options.generator);
  }

  forward(x: Tensor): Tensor {
    return conv1d(x, this.weight, this.bias, { ...this.options, groups: this.groups }, `Conv1d(${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize})`);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.options.stride}`;
  }
}
