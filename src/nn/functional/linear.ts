import type { FloatArray } from "../../backend/dtype.js";
import { isFloatingDType } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { record } from "../../autograd/node.js";
import { ShapeError } from "../../errors.js";
import { add } from "../../ops/binary.js";
import { contiguous } from "../../ops/core.js";
import { matmul } from "../../ops/matmul.js";
import { t } from "../../ops/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { fmtShape, numelOf } from "../../util/shape.js";

/** y = x·Wᵀ + b for x of shape [*, in] and W of shape [out, in] (PyTorch's layout). */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const inFeatures = weight.shape[1]!;
  if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inFeatures) {
    throw new ShapeError({ where: "linear", expected: `input of shape [*, ${inFeatures}] for a weight of shape ${fmtShape(weight.shape)}`, got: fmtShape(x.shape) });
  }
  const b = bias ?? null;
  const fusable = weight.shape.length === 2 && isFloatingDType(x.dtype) && x.dtype === weight.dtype &&
    (b === null || (b.dtype === x.dtype && b.shape.length === 1 && b.shape[0] === weight.shape[0]));
  if (!fusable) {
    // Unusual operands (mixed dtypes, a broadcast bias): the composite ops, with their errors.
    const y = matmul(x, t(weight));
    return b === null ? y : add(y, b);
  }
  return fusedLinear(x, weight, b);
}

/**
 * One node, as PyTorch's addmm: the GEMM reads W transposed in place, and backward computes
 * dx = g·W, dW = gᵀ·x (contiguous [out, in], so it accumulates into .grad without a strided pass)
 * and db = Σ_rows g with three kernels.
 */
function fusedLinear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const N = weight.shape[0]!, K = weight.shape[1]!;
  const lead = x.shape.slice(0, -1), M = numelOf(lead);
  const xc = contiguous(x), wc = contiguous(weight);
  const backend = getBackend();
  const out = Tensor.uninitialized([...lead, N], x.dtype);
  const y = out.storage.data as FloatArray;
  const xData = xc.storage.data as FloatArray, wData = wc.storage.data as FloatArray;
  if (M > 0 && N > 0) {
    backend.gemm(false, true, M, N, K, xData, xc.offset, K, wData, wc.offset, K, y, 0, N, false);
    if (bias !== null) backend.binary("add", y, 0, [N, 1], bias.storage.data, bias.offset, [0, bias.strides[0]!], y, [M, N]);
  }
  const inputs = bias === null ? [xc, wc] : [xc, wc, bias];
  return record(bias === null ? "MmBackward0" : "AddmmBackward0", inputs, out, (grad, needs) => {
    const g = contiguous(grad);
    const gData = g.storage.data as FloatArray;
    let dx: Tensor | null = null, dW: Tensor | null = null, db: Tensor | null = null;
    if (needs[0]) {
      dx = Tensor.uninitialized(xc.shape, x.dtype);
      if (M > 0 && K > 0) backend.gemm(false, false, M, K, N, gData, g.offset, N, wData, wc.offset, K, dx.storage.data as FloatArray, 0, K, false);
    }
    if (needs[1]) {
      dW = Tensor.uninitialized([N, K], x.dtype);
      if (N > 0 && K > 0) backend.gemm(true, false, N, K, M, gData, g.offset, N, xData, xc.offset, K, dW.storage.data as FloatArray, 0, K, false);
    }
    if (bias !== null && needs[2]) {
      db = Tensor.empty([N], x.dtype);
      if (N > 0) backend.reduce("sum", gData.subarray(g.offset, g.offset + M * N), 1, M, N, db.storage.data);
    }
    return bias === null ? [dx, dW] : [dx, dW, db];
  }, { saved: [xc, wc] });
}
