import type { Tensor } from "../../tensor/tensor.js";
import { flatten } from "../../ops/shape.js";
import { Module } from "../module.js";

/** Flattens dims startDim…endDim (default: all but the batch dim), as torch.nn.Flatten. */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
  override extraRepr(): string { return `startDim=${this.startDim}, endDim=${this.endDim}`; }
}
