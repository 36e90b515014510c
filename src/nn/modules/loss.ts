import type { Tensor } from "../../tensor/tensor.js";
import * as F from "../functional/loss.js";
import { Module } from "../module.js";

/** Loss modules: `loss.forward(input, target)`, as PyTorch's `criterion(output, target)`. */

export class CrossEntropyLoss extends Module {
  constructor(readonly options: F.CrossEntropyOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.options, "CrossEntropyLoss"); }
}

export class NLLLoss extends Module {
  constructor(readonly options: F.NllOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.options, "NLLLoss"); }
}

export class MSELoss extends Module {
  constructor(readonly options: { reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.options); }
}

export class L1Loss extends Module {
  constructor(readonly options: { reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.options); }
}

export class BCELoss extends Module {
  constructor(readonly options: { weight?: Tensor; reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropy(input, target, this.options); }
}

export class BCEWithLogitsLoss extends Module {
  constructor(readonly options: { weight?: Tensor; posWeight?: Tensor; reduction?: F.Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor): Tensor { return F.binaryCrossEntropyWithLogits(input, target, this.options); }
}
