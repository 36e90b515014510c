import { allocOutput, type Backend, type Conv2dGeometry } from "./backend.js";
import type { FloatArray } from "./dtype.js";

/** Rows and columns of the patch matrix im2col writes for channels [cStart, cStart + cCount). */
export function patchShape(g: Conv2dGeometry, cCount: number): [rows: number, columns: number] {
  return [cCount * g.kh * g.kw, g.batch * g.outHeight * g.outWidth];
}

/** Backend.gemmPatches the plain way: the patch matrix written out by im2col, then a GEMM. */
export function gemmThroughPatches(backend: Backend, transP: boolean, M: number, A: FloatArray, aOffset: number, lda: number, x: FloatArray, g: Conv2dGeometry,
  cStart: number, cCount: number, C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void {
  const [rows, columns] = patchShape(g, cCount);
  const patches = allocOutput(backend, A instanceof Float64Array ? "float64" : "float32", rows * columns) as FloatArray;
  backend.im2col(x, g, cStart, cCount, patches);
  if (transP) backend.gemm(false, true, M, rows, columns, A, aOffset, lda, patches, 0, columns, C, cOffset, ldc, accumulate);
  else backend.gemm(false, false, M, columns, rows, A, aOffset, lda, patches, 0, columns, C, cOffset, ldc, accumulate);
  backend.free?.(patches);
}
