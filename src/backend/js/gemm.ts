import type { FloatArray } from "../dtype.js";

/**
 * The reference backend's GEMM: C = op(A)·op(B) (+ C), row-major. Both operands are packed into
 * reusable scratch first — A into blocks of 4 rows (K×4 interleaved), B into panels of 4 columns
 * (K×4) — which also makes the transposed variants free. A 4×4 micro-kernel then keeps 16
 * accumulators in locals. Packing is in float64 so float64 callers keep full precision.
 */

let packA: Float64Array = new Float64Array(0);
let packB: Float64Array = new Float64Array(0);

function grow(buffer: Float64Array, n: number): Float64Array {
  return buffer.length >= n ? buffer : new Float64Array(Math.max(n, buffer.length * 2));
}

export function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOffset: number, lda: number,
  B: FloatArray, bOffset: number, ldb: number,
  C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void {
  if (M === 0 || N === 0) return;
  const panels = Math.ceil(N / 4);
  packB = grow(packB, panels * K * 4);
  packA = grow(packA, K * 4);
  const pb = packB, pa = packA;
  // B panel p holds columns 4p…4p+3 for every k, zero-padded past N.
  for (let p = 0; p < panels; p++) {
    const base = p * K * 4;
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < 4; c++) {
        const j = p * 4 + c;
        pb[base + k * 4 + c] = j < N ? B[bOffset + (transB ? j * ldb + k : k * ldb + j)]! : 0;
      }
    }
  }
  for (let i0 = 0; i0 < M; i0 += 4) {
    const rows = Math.min(4, M - i0);
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < 4; r++) {
        const i = i0 + r;
        pa[k * 4 + r] = r < rows ? A[aOffset + (transA ? k * lda + i : i * lda + k)]! : 0;
      }
    }
    for (let p = 0; p < panels; p++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let ib = p * K * 4, ia = 0;
      for (let k = 0; k < K; k++, ia += 4, ib += 4) {
        const a0 = pa[ia]!, a1 = pa[ia + 1]!, a2 = pa[ia + 2]!, a3 = pa[ia + 3]!;
        const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
      const cols = Math.min(4, N - p * 4);
      for (let r = 0; r < rows; r++) {
        const row = cOffset + (i0 + r) * ldc + p * 4;
        for (let c = 0; c < cols; c++) C[row + c] = accumulate ? C[row + c]! + tile[r * 4 + c]! : tile[r * 4 + c]!;
      }
    }
  }
}
