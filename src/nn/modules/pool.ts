import type { Tensor } from "../../tensor/tensor.js";
import type { Pair } from "../functional/conv.js";
import { adaptiveAvgPool2d, avgPool2d, type AvgPool2dOptions, maxPool2d, type Pool2dOptions } from "../functional/pool.js";
import { Module } from "../module.js";

const fmt = (p: Pair): string => (typeof p === "number" ? String(p) : `[${p.join(", ")}]`);

export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: Pool2dOptions = {}) { super(); }
  forward(x: Tensor): Tensor { return maxPool2d(x, this.kernelSize, this.options, `MaxPool2d(kernelSize=${fmt(this.kernelSize)})`); }
  override extraRepr(): string {
    return `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.options.stride ?? this.kernelSize)}, padding=${fmt(this.options.padding ?? 0)}, dilation=${fmt(this.options.dilation ?? 1)}, ceilMode=${this.options.ceilMode ?? false}`;
  }
}

export class AvgPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: AvgPool2dOptions = {}) { super(); }
  forward(x: Tensor): Tensor { return avgPool2d(x, this.kernelSize, this.options, `AvgPool2d(kernelSize=${fmt(this.kernelSize)})`); }
  override extraRepr(): string {
    return `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.options.stride ?? this.kernelSize)}, padding=${fmt(this.options.padding ?? 0)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) { super(); }
  forward(x: Tensor): Tensor { return adaptiveAvgPool2d(x, this.outputSize); }
  override extraRepr(): string { return `outputSize=${fmt(this.outputSize)}`; }
}
