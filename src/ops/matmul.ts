import type { FloatArray } from "../backend/dtype.js";
import { isFloatingDType } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { record } from "../autograd/node.js";
import { DTypeError, ShapeError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { broadcastShapes, fmtShape, numelOf } from "../util/shape.js";
import { copyContiguous, sumToShape } from "./core.js";
import { squeeze, transpose, unsqueeze } from "./shape.js";

/** How a 2-D view reaches the GEMM kernel without a copy: row-major, or column-major as a transpose. */
interface GemmOperand {
  data: FloatArray;
  offset: number;
  ld: number;
  trans: boolean;
}

function gemmOperand(rows: number, cols: number, rowStride: number, colStride: number, data: FloatArray, offset: number): GemmOperand | null {
  if (cols === 1 || colStride === 1) return { data, offset, ld: rows === 1 ? Math.max(cols, 1) : rowStride, trans: false };
  if (rows === 1 || rowStride === 1) return { data, offset, ld: cols === 1 ? Math.max(rows, 1) : colStride, trans: true };
  return null;
}

function checkOperands(a: Tensor, b: Tensor): void {
  if (!isFloatingDType(a.dtype) || a.dtype !== b.dtype) {
    throw new DTypeError({
      where: "matmul",
      expected: "two floating-point tensors of the same dtype",
      got: `${a.dtype} and ${b.dtype}`,
      hint: "convert with .float() (or .double()) first.",
    });
  }
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new ShapeError({ where: "matmul", expected: "tensors of at least 1 dimension", got: `shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`, hint: "use mul for a scalar product." });
  }
  const k1 = a.shape[a.shape.length - 1]!;
  const k2 = b.shape.length === 1 ? b.shape[0]! : b.shape[b.shape.length - 2]!;
  if (k1 !== k2) {
    throw new ShapeError({
      where: "matmul",
      expected: "the last dimension of the first input to equal the " + (b.shape.length === 1 ? "length of the second" : "second-to-last dimension of the second"),
      got: `shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (${k1} vs ${k2})`,
    });
  }
}

/** Matrix product with PyTorch's rules: 1-D operands are promoted and the added dim removed; batch dims broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkOperands(a, b);
  if (a.shape.length === 1 && b.shape.length === 1) return squeeze(squeeze(batchedMatmul(unsqueeze(a, 0), unsqueeze(b, 1)), 1), 0);
  if (a.shape.length === 1) return squeeze(batchedMatmul(unsqueeze(a, 0), b), -2);
  if (b.shape.length === 1) return squeeze(batchedMatmul(a, unsqueeze(b, 1)), -1);
  return batchedMatmul(a, b);
}

/** Both inputs of rank ≥ 2. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length, rb = b.shape.length;
  const M = a.shape[ra - 2]!, K = a.shape[ra - 1]!, N = b.shape[rb - 1]!;
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), "matmul");
  const out = Tensor.uninitialized([...batch, M, N], a.dtype);
  let A = a, B = b;
  let opA = gemmOperand(M, K, A.strides[ra - 2]!, A.strides[ra - 1]!, A.storage.data as FloatArray, A.offset);
  if (opA === null) { A = copyContiguous(a); opA = gemmOperand(M, K, K, 1, A.storage.data as FloatArray, A.offset)!; }
  let opB = gemmOperand(K, N, B.strides[rb - 2]!, B.strides[rb - 1]!, B.storage.data as FloatArray, B.offset);
  if (opB === null) { B = copyContiguous(b); opB = gemmOperand(K, N, N, 1, B.storage.data as FloatArray, B.offset)!; }
  const nBatch = numelOf(batch);
  const aBatchStrides = batchStrides(A, batch), bBatchStrides = batchStrides(B, batch);
  const outData = out.storage.data as FloatArray;
  const backend = getBackend();
  for (let i = 0; i < nBatch; i++) {
    let rem = i, aOff = opA.offset, bOff = opB.offset;
    for (let d = batch.length - 1; d >= 0; d--) {
      const idx = rem % batch[d]!;
      rem = (rem - idx) / batch[d]!;
      aOff += idx * aBatchStrides[d]!;
      bOff += idx * bBatchStrides[d]!;
    }
    backend.gemm(opA.trans, opB.trans, M, N, K, opA.data, aOff, opA.ld, opB.data, bOff, opB.ld, outData, i * M * N, N, false);
  }
  return record("MmBackward0", [a, b], out, (g, needs) => [
    needs[0] ? sumToShape(batchedMatmul(g, transpose(b, -1, -2)), a.shape) : null,
    needs[1] ? sumToShape(batchedMatmul(transpose(a, -1, -2), g), b.shape) : null,
  ], { saved: [a, b] });
}

/** Strides of t's batch dims aligned to the broadcast batch shape (0 where broadcast). */
function batchStrides(t: Tensor, batch: readonly number[]): number[] {
  const own = t.shape.length - 2;
  const lead = batch.length - own;
  return batch.map((_, d) => (d < lead || t.shape[d - lead] === 1 ? 0 : t.strides[d - lead]!));
}
