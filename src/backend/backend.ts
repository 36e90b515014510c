import type { DType, FloatArray, TypedArray } from "./dtype.js";

/**
 * What a compute backend provides. Kernels see typed arrays, offsets, shapes and strides — never a
 * Tensor — and trust their inputs: validation happens in the op layer before a kernel runs.
 * All `out` arrays are contiguous (row-major) and start at index 0 unless an offset is given.
 */

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum"
  | "floorDiv" | "truncDiv" | "remainder"
  | "eq" | "ne" | "gt" | "ge" | "lt" | "le"
  | "logicalAnd" | "logicalOr"
  /** a where b > 0, else 0: ReLU's backward in one pass (a = incoming gradient, b = ReLU output). */
  | "reluGrad";

export type UnaryOp =
  | "neg" | "exp" | "log" | "sqrt" | "rsqrt" | "abs" | "sign" | "square" | "reciprocal"
  | "floor" | "ceil" | "round" | "trunc" | "sin" | "cos" | "tanh" | "sigmoid" | "relu"
  | "log1p" | "expm1" | "erf" | "logicalNot" | "isnan";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin";

export interface BackendMemoryStats {
  /** Bytes of the backend's memory (wasm: the WebAssembly.Memory). */
  memoryBytes: number;
  /** Bytes in blocks handed out and not yet returned. */
  liveBytes: number;
  /** Bytes in free blocks, ready for reuse. */
  freeBytes: number;
  /** Allocations served with ordinary JS arrays (past the arena's cap, or without shared memory). */
  fallbacks: number;
  /** Blocks returned by garbage collection rather than by `free`. */
  finalized: number;
}

/** Hyper-parameters of one fused SGD update (PyTorch 1.13 semantics). */
export interface SgdParams { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number; maximize: boolean; firstStep: boolean }
/** Adam and AdamW (`decoupled` weight decay); `step` counts from 1. */
export interface AdamParams { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; maximize: boolean; step: number }
export interface RmspropParams { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; maximize: boolean }
export interface AdagradParams { lr: number; lrDecay: number; weightDecay: number; eps: number; maximize: boolean; step: number }

/** Shapes of a 2-D convolution over an NCHW input (strides s, padding p, dilation d). */
export interface Conv2dGeometry {
  batch: number; channels: number; height: number; width: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  outHeight: number; outWidth: number;
}

/** Shapes of a 2-D pooling over `planes` = N·C planes of H×W. */
export interface Pool2dGeometry {
  planes: number; height: number; width: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  outHeight: number; outWidth: number;
}

/** An output array a kernel will write in full: `allocUninitialized` where the backend has it, else `alloc`. */
export function allocOutput(backend: Backend, dtype: DType, n: number): TypedArray {
  return backend.allocUninitialized?.(dtype, n) ?? backend.alloc(dtype, n);
}

export interface Backend {
  readonly name: string;
  /** Which build of the kernels runs, where a backend has several (wasm: "simd" or "relaxed-simd"). */
  readonly variant?: string;

  /**
   * A zero-filled array of n elements that this backend's kernels can read and write (wasm: a view
   * of its memory while under the arena's cap). Kernels also accept arrays from anywhere else.
   */
  alloc(dtype: DType, n: number): TypedArray;
  /**
   * Like `alloc`, for an output a kernel then writes in full: its contents are unspecified (wasm:
   * a reused block is not zeroed first, which would be a wasted pass over memory). Optional: a
   * backend without it gets `alloc`.
   */
  allocUninitialized?(dtype: DType, n: number): TypedArray;
  /**
   * Returns an array from `alloc` for reuse now, instead of when it is garbage-collected. Only for
   * callers that know no view of it (subarrays included) is read again.
   */
  free?(array: TypedArray): void;
  /** Whether `array` lives in the backend's own memory, so its kernels use it without a copy. */
  isResident?(array: TypedArray): boolean;
  /** Memory accounting of backends that manage their own memory (wasm). */
  memoryStats?(): BackendMemoryStats;

  fill(out: TypedArray, value: number, offset: number, length: number): void;

  /**
   * Copies a strided view of `src` into `dst` at `dstOffset`, contiguous unless `dstStrides` is given;
   * converts dtype by assignment (float → int truncates toward zero).
   */
  copyStrided(src: TypedArray, srcOffset: number, shape: readonly number[], srcStrides: readonly number[], dst: TypedArray, dstOffset: number, dstStrides?: readonly number[]): void;

  /** out[i] = a[...] op b[...] over `shape`; a stride of 0 broadcasts. Comparison ops write 0/1. */
  binary(op: BinaryOp, a: TypedArray, aOffset: number, aStrides: readonly number[], b: TypedArray, bOffset: number, bStrides: readonly number[], out: TypedArray, shape: readonly number[]): void;

  /** out[i] = op(x[xOffset + i]) for i < n. */
  unary(op: UnaryOp, x: TypedArray, xOffset: number, n: number, out: TypedArray): void;

  /** out[i] = min(max(x[i], lo), hi) for i < n (NaN stays NaN). */
  clamp(x: TypedArray, xOffset: number, n: number, lo: number, hi: number, out: TypedArray): void;

  /** out[i] = cond[...] ? a[...] : b[...] over `shape`, strides as in `binary`. */
  where(cond: Uint8Array, cOffset: number, cStrides: readonly number[], a: TypedArray, aOffset: number, aStrides: readonly number[], b: TypedArray, bOffset: number, bStrides: readonly number[], out: TypedArray, shape: readonly number[]): void;

  /**
   * Reduces the middle axis of a contiguous [outer, size, inner] block: out[o * inner + i].
   * max/min propagate NaN; argmax/argmin return the first index of the extreme (NaN counts as extreme).
   */
  reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;

  /**
   * C = op(A)·op(B) (+ C when `accumulate`), row-major. op(A) is M×K: A is M×K with row stride lda,
   * or, when `transA`, K×M with row stride lda (likewise B: K×N, or N×K when `transB`).
   */
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
       A: FloatArray, aOffset: number, lda: number,
       B: FloatArray, bOffset: number, ldb: number,
       C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void;

  /** out[o, j, i] = x[o, index[j], i] for a contiguous [outer, size, inner] x; out is [outer, index.length, inner]. */
  indexSelect(x: TypedArray, outer: number, size: number, inner: number, index: Int32Array, out: TypedArray): void;

  /** out[o, index[j], i] += src[o, j, i]: the adjoint of indexSelect. */
  indexAdd(src: TypedArray, outer: number, size: number, inner: number, index: Int32Array, out: TypedArray): void;

  /** Along the middle axis: out[o, j, i] = x[o, index[o, j, i], i]; index and out are [outer, indexSize, inner]. */
  gather(x: TypedArray, outer: number, size: number, inner: number, index: Int32Array, indexSize: number, out: TypedArray): void;

  /** The adjoint of gather: out[o, index[o, j, i], i] += src[o, j, i]. */
  scatterAdd(src: TypedArray, outer: number, size: number, inner: number, index: Int32Array, indexSize: number, out: TypedArray): void;

  /**
   * Log-softmax along each row of a contiguous [rows, cols] block at x[xOffset …]: out[r, j] =
   * x[r, j] − max_r − log Σ_k e^(x[r, k] − max_r), as PyTorch 1.13 (a row whose max is +inf, NaN
   * or −inf gives NaN throughout). Bit for bit the same on every backend (see js/softmax.ts).
   */
  logSoftmax(x: FloatArray, xOffset: number, rows: number, cols: number, out: FloatArray): void;
  /** Its backward from the output logp: dx[r, j] = grad[r, j] − e^logp[r, j]·Σ_k grad[r, k]. */
  logSoftmaxBackward(grad: FloatArray, logp: FloatArray, rows: number, cols: number, dx: FloatArray): void;
  /**
   * Cross-entropy's backward with class indices: dx[r, j] = (e^logp[r, j] − [j = target[r]])·rowScale[r];
   * a target outside [0, cols) marks no class.
   */
  crossEntropyBackward(logp: FloatArray, target: Int32Array, rowScale: FloatArray, rows: number, cols: number, dx: FloatArray): void;

  /** Fused optimizer updates over n elements; state arrays are updated in place. */
  sgdStep(param: FloatArray, grad: FloatArray, momentumBuf: FloatArray | null, n: number, h: SgdParams): void;
  adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, maxV: FloatArray | null, n: number, h: AdamParams): void;
  rmspropStep(param: FloatArray, grad: FloatArray, squareAvg: FloatArray, gradAvg: FloatArray | null, momentumBuf: FloatArray | null, n: number, h: RmspropParams): void;
  adagradStep(param: FloatArray, grad: FloatArray, stateSum: FloatArray, n: number, h: AdagradParams): void;

  /**
   * The dropout keep-mask of n elements, bit-packed exactly as random/distributions.ts dropMaskBits
   * (Philox stream (key0, key1) from block `offset`; element i kept iff word i ≥ threshold(p)); when
   * x and out are given, also out[i] = keep ? x[xOffset + i]·scale : 0 (as maskedScale) in one pass.
   */
  dropoutMask(n: number, p: number, key0: number, key1: number, offset: number, x: FloatArray | null, xOffset: number, scale: number, out: FloatArray | null): Uint32Array;
  /** out[i] = x[xOffset + i]·scale where bit i of `keep` is set, else 0: the dropout multiply, forward and backward. */
  maskedScale(x: FloatArray, xOffset: number, n: number, keep: Uint32Array, scale: number, out: FloatArray): void;
  /**
   * The general dropout map over a contiguous x of `shape`: out = keep ? x·scale + shift : dropped, where
   * element i reads mask bit Σ idx[d]·maskStrides[d] (stride 0 broadcasts one mask bit along dim d).
   */
  maskedAffine(x: FloatArray, xOffset: number, shape: readonly number[], keep: Uint32Array, maskStrides: readonly number[], scale: number, shift: number, dropped: number, out: FloatArray): void;

  /**
   * C = op(A)·op(P) (+ C when `accumulate`), where P is the patch matrix im2col(x, g, cStart, cCount)
   * writes ([cCount·kh·kw, N·Ho·Wo]) and op(P) is P, or Pᵀ when `transP`: a convolution's forward
   * (W·P) and weight gradient (dY·Pᵀ). A is M×K with row stride lda (K: P's rows, or its columns
   * when `transP`). A backend may compute it without writing P out (see patches.ts for the plain way).
   */
  gemmPatches(transP: boolean, M: number, A: FloatArray, aOffset: number, lda: number, x: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number,
              C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void;
  /** Convolution patches as a [cCount·kh·kw, N·Ho·Wo] matrix (see js/conv.ts), and its adjoint (accumulating). */
  im2col(x: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number, out: FloatArray): void;
  col2im(cols: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number, dx: FloatArray): void;
  /**
   * A convolution's GEMM result [count, batch·plane] into NCHW channels [cStart, cStart + count) of
   * out [batch, channels, plane]: out[(n·channels + cStart + o)·plane + i] = rows[(o·batch + n)·plane + i]
   * (+ bias[cStart + o], when given; without bias a plain copy, so −0 stays −0).
   */
  rowsToNchw(rows: FloatArray, count: number, batch: number, plane: number, channels: number, cStart: number, bias: FloatArray | null, out: FloatArray): void;
  /**
   * The inverse copy, NCHW → rows, for the gradient; with `sums`, also sums[o] = the sum of row o
   * (the bias gradient) in float64: per image four partial sums (element i into i mod 4), added as
   * (s0 + s1) + (s2 + s3), images in order, rounded to float32 once.
   */
  nchwToRows(x: FloatArray, count: number, batch: number, plane: number, channels: number, cStart: number, rows: FloatArray, sums: FloatArray | null): void;
  maxPool2d(x: FloatArray, g: Pool2dGeometry, out: FloatArray, argmax: Int32Array): void;
  /** Writes all of dx: each output's gradient added (in output order) at its argmax, 0 where no window's max lies. */
  maxPool2dBackward(grad: FloatArray, g: Pool2dGeometry, argmax: Int32Array, dx: FloatArray): void;
  avgPool2d(x: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number, out: FloatArray): void;
  avgPool2dBackward(grad: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number, dx: FloatArray): void;
}
