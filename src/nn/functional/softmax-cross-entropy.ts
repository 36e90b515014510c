import { record } from "../../autograd/node.js";
import type { FloatArray } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { contiguous } from "../../ops/core.js";
import { Tensor } from "../../tensor/tensor.js";

/**
 * Log-softmax and cross-entropy as single graph nodes over rows of classes, on the backend's fused
 * kernels (Backend.logSoftmax and friends): one pass forward, one backward, instead of a chain of
 * max, sub, exp, sum, log, gather and mean that each allocate a tensor and record a node.
 */

function floats(t: Tensor): FloatArray {
  return t.storage.data as FloatArray;
}

/** A contiguous tensor's data from its first element (a view, no copy). */
function from(t: Tensor): FloatArray {
  return t.offset === 0 ? floats(t) : floats(t).subarray(t.offset);
}

/** log(softmax(x)) along the last dim of a floating-point x. */
export function logSoftmaxLastDim(x: Tensor): Tensor {
  const xc = contiguous(x);
  const cols = x.shape.length === 0 ? 1 : x.shape[x.shape.length - 1]!;
  const rows = cols === 0 ? 0 : xc.numel() / cols;
  const out = Tensor.uninitialized(x.shape, x.dtype);
  const backend = getBackend();
  backend.logSoftmax(floats(xc), xc.offset, rows, cols, floats(out));
  return record("LogSoftmaxBackward0", [xc], out, (grad) => {
    const g = contiguous(grad);
    const dx = Tensor.uninitialized(x.shape, x.dtype);
    backend.logSoftmaxBackward(from(g), floats(out), rows, cols, floats(dx));
    return [dx];
  }, { saved: [out] });
}

export type IndexReduction = "mean" | "sum" | "none";

/**
 * Cross-entropy of logits [rows, classes] at class indices `labels` (validated: each in
 * [0, classes) or equal to ignoreIndex), with optional class weights (values, not differentiated),
 * as PyTorch 1.13 without label smoothing: loss_r = −w[t_r]·log softmax(x_r)[t_r], 0 where t_r is
 * ignored; "mean" divides the sum by Σ w[t_r] over rows not ignored (NaN when every row is).
 * The output has shape `noneShape` for "none", else is 0-d.
 */
export function crossEntropyIndices(logits: Tensor, labels: Int32Array, weight: FloatArray | null, ignoreIndex: number, reduction: IndexReduction, noneShape: readonly number[]): Tensor {
  const xc = contiguous(logits);
  const rows = logits.shape[0]!, cols = logits.shape[1]!;
  const backend = getBackend();
  const logp = Tensor.uninitialized([rows, cols], logits.dtype);
  backend.logSoftmax(floats(xc), xc.offset, rows, cols, floats(logp));
  const lp = floats(logp);
  // Per row: its weight (0 when ignored) and the class the backward subtracts (−1: none).
  const rowWeight = new Float64Array(rows);
  const target = new Int32Array(rows);
  let total = 0, weightSum = 0;
  const losses = reduction === "none" ? Tensor.empty(noneShape, logits.dtype) : null;
  for (let r = 0; r < rows; r++) {
    const t = labels[r]!;
    if (t === ignoreIndex) { target[r] = -1; continue; }
    const w = weight === null ? 1 : weight[t]!;
    const loss = -(w * lp[r * cols + t]!);
    rowWeight[r] = w;
    target[r] = t;
    total += loss;
    weightSum += w;
    if (losses !== null) floats(losses)[r] = loss;
  }
  const out = losses ?? Tensor.empty([], logits.dtype);
  if (losses === null) floats(out)[0] = reduction === "mean" ? total / weightSum : total;
  return record("NllLossBackward0", [xc], out, (grad) => {
    const g = contiguous(grad);
    const gd = from(g);
    const scale = backend.alloc(logits.dtype, rows) as FloatArray;
    const norm = reduction === "mean" ? gd[0]! / weightSum : gd[0]!;
    for (let r = 0; r < rows; r++) scale[r] = rowWeight[r]! * (reduction === "none" ? gd[r]! : norm);
    const dx = Tensor.uninitialized([rows, cols], logits.dtype);
    backend.crossEntropyBackward(lp, target, scale, rows, cols, floats(dx));
    backend.free?.(scale);
    return [dx];
  }, { saved: [logp] });
}
