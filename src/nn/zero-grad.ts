import { Tensor } from "../tensor/tensor.js";

export interface ZeroGradOptions {
  /**
   * true: drop the gradients (p.grad = null, PyTorch 2's default). false (the default, as PyTorch
   * 1.13): zero them in place, so the next backward accumulates into the same storage — no new
   * gradient buffers per step, which keeps the wasm backend's memory flat.
   */
  setToNone?: boolean;
}

/** Clears the gradients of `params` (PyTorch's zero_grad). */
export function zeroGrads(params: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    if (options.setToNone === true) p.grad = null;
    // A gradient with a graph of its own (create-graph style) is replaced, as PyTorch detaches it.
    else if (g.gradFn !== null || g.requiresGrad) p.grad = Tensor.empty(g.shape, g.dtype);
    else (g as Tensor & { zero_(): Tensor }).zero_();
  }
}
