import type { Backend } from "../backend.js";
import type { FloatArray } from "../dtype.js";
import { jsBackend } from "../js/js-backend.js";
import { ensureMemory, instantiateKernels, type KernelInstance } from "./instance.js";

/** Where operands are staged in wasm memory: above the kernels' static data. */
const ARENA_START = 65536;
const align = (n: number): number => (n + 15) & ~15;

/**
 * The WebAssembly SIMD backend. It runs the JS reference kernels except where a WebAssembly kernel
 * exists (GEMM so far); those stage their operands in the module's memory, run, and copy back.
 * Views of wasm memory are derived after any growth, never cached across one.
 */
export function createWasmBackend(): Backend {
  const kernels: KernelInstance = instantiateKernels();
  const { memory, exports: k } = kernels;

  function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: FloatArray, aOffset: number, lda: number, B: FloatArray, bOffset: number, ldb: number, C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void {
    if (!(A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array) || M === 0 || N === 0) {
      jsBackend.gemm(transA, transB, M, N, K, A, aOffset, lda, B, bOffset, ldb, C, cOffset, ldc, accumulate);
      return;
    }
    const aSpan = K === 0 ? 0 : transA ? (K - 1) * lda + M : (M - 1) * lda + K;
    const bSpan = K === 0 ? 0 : transB ? (N - 1) * ldb + K : (K - 1) * ldb + N;
    const cSpan = (M - 1) * ldc + N;
    const aPtr = ARENA_START, bPtr = align(aPtr + aSpan * 4), cPtr = align(bPtr + bSpan * 4);
    const sa = align(cPtr + cSpan * 4), sb = align(sa + 16 * K), end = sb + 32 * K * Math.ceil(N / 8);
    ensureMemory(memory, end);
    const heap = new Float32Array(memory.buffer);
    heap.set(A.subarray(aOffset, aOffset + aSpan), aPtr >> 2);
    heap.set(B.subarray(bOffset, bOffset + bSpan), bPtr >> 2);
    if (accumulate) heap.set(C.subarray(cOffset, cOffset + cSpan), cPtr >> 2);
    k.gemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, aPtr, lda, bPtr, ldb, cPtr, ldc, accumulate ? 1 : 0, sa, sb);
    const out = new Float32Array(memory.buffer, cPtr, cSpan);
    if (ldc === N) C.set(out, cOffset);
    else for (let i = 0; i < M; i++) C.set(out.subarray(i * ldc, i * ldc + N), cOffset + i * ldc);
  }

  return { ...jsBackend, name: "wasm", variant: kernels.variant, gemm };
}
