import { Tensor } from "../tensor/tensor.js";

/** A tensor that is a module's learnable state: found automatically when held in a module field. */
export class Parameter extends Tensor {
  constructor(data: Tensor, options: { requiresGrad?: boolean } = {}) {
    super(data.storage, data.shape, data.strides, data.offset);
    this.requiresGrad = options.requiresGrad ?? true;
  }
}
