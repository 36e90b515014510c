import { BackendError } from "../../errors.js";
import { kernelsRelaxedSimdBase64, kernelsRelaxedSimdSharedBase64, kernelsSimdBase64, kernelsSimdSharedBase64 } from "./kernels.generated.js";

/** The kernels module's exports (see kernels/assembly/); pointers are byte offsets, booleans 0/1. */
export interface KernelExports {
  gemm(transA: number, transB: number, M: number, N: number, K: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: number, scratchA: number, scratchB: number): void;
  /** gemm with a patch operand; its 18 arguments as i32 at `call` (see kernels/assembly/gemm.ts). */
  gemmPatches(call: number): void;
  /** Rows of the GEMM's register tile (thread parts split rows in multiples of it). */
  gemmRowTile(): number;
  /** Bytes of the GEMM's scratchA (one packed block of A). */
  gemmScratchABytes(): number;
  /** Bytes of the GEMM's scratchB for a call (or part) with N columns (one packed block of B). */
  gemmScratchBBytes(N: number): number;
  binaryF32(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number, out: number, rows: number, cols: number): void;
  reluF32(x: number, out: number, n: number): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
  compareF32(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number, out: number, rows: number, cols: number): void;
  testF32(op: number, x: number, out: number, n: number): void;
  extremeAxisF32(op: number, x: number, outer: number, size: number, inner: number, out: number): void;
  prodAxisF32(x: number, outer: number, size: number, inner: number, out: number): void;
  sumAxisF32(x: number, outer: number, size: number, inner: number, out: number): void;
  maskedScaleF32(x: number, n: number, keep: number, scale: number, exact32: number, out: number): void;
  dropoutMaskF32(n: number, t: number, k0: number, k1: number, cLo: number, cHi: number, mask: number, x: number, scale: number, exact32: number, out: number): void;
  zeroBytes(ptr: number, bytes: number): void;
  adamGeneralF32(param: number, grad: number, m: number, v: number, maxV: number, n: number, beta1: number, beta2: number, stepSize: number, bc2Sqrt: number, eps: number, weightDecay: number, decoupled: number, decay: number, maximize: number): void;
  im2colF32(geometry: number, x: number, out: number, r0: number, r1: number): void;
  col2imF32(geometry: number, cols: number, dx: number, c0: number, c1: number): void;
  rowsToNchwF32(rows: number, batch: number, plane: number, channels: number, cStart: number, bias: number, out: number, o0: number, o1: number, n0: number, n1: number): void;
  nchwToRowsF32(x: number, batch: number, plane: number, channels: number, cStart: number, rows: number, sums: number, o0: number, o1: number): void;
  maxPool2dF32(geometry: number, x: number, out: number, argmax: number, p0: number, p1: number): void;
  maxPool2dBackwardF32(geometry: number, grad: number, argmax: number, dx: number, p0: number, p1: number): void;
  avgPool2dF32(geometry: number, x: number, out: number, countIncludePad: number, divisorOverride: number, p0: number, p1: number): void;
  avgPool2dBackwardF32(geometry: number, grad: number, dx: number, countIncludePad: number, divisorOverride: number, p0: number, p1: number): void;
  adamF32(param: number, grad: number, m: number, v: number, n: number, beta1: number, beta2: number, c1: number, c2: number, stepSize: number, invBc2: number, eps: number): void;
  sgdF32(param: number, grad: number, momentumBuf: number, n: number, lr: number, momentum: number, undamped: number, nesterov: number, weightDecay: number, maximize: number, firstStep: number): void;
  rmspropF32(param: number, grad: number, squareAvg: number, gradAvg: number, momentumBuf: number, n: number, lr: number, alpha: number, oneMinusAlpha: number, eps: number, weightDecay: number, momentum: number, maximize: number): void;
  rowMaxExpSumF32(x: number, rows: number, cols: number, stats: number): void;
  applyLogSoftmaxF32(x: number, rows: number, cols: number, stats: number, out: number): void;
  logSoftmaxBackwardF32(grad: number, logp: number, rows: number, cols: number, dx: number): void;
  crossEntropyBackwardF32(logp: number, target: number, scale: number, rows: number, cols: number, dx: number): void;
  adagradF32(param: number, grad: number, stateSum: number, n: number, clr: number, weightDecay: number, eps: number, maximize: number): void;
}

export interface KernelInstance {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** "relaxed-simd" (fused multiply-add) where the runtime validates it, else "simd". */
  readonly variant: "simd" | "relaxed-simd";
  /** Whether the memory is shared (tensors can live in it) or plain (kernels copy operands in and out). */
  readonly shared: boolean;
  /** The compiled kernels, which helper threads instantiate over the same shared memory. */
  readonly module: WebAssembly.Module;
}

/** Pages the memory may grow to: all of wasm32's 4 GiB (a shared memory reserves address space, not RAM). */
const MAX_PAGES = 65536;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (typeof atob === "function") {
    const chars = atob(text);
    const bytes = new Uint8Array(chars.length);
    for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
    return bytes;
  }
  throw new BackendError({ where: "wasm backend", expected: "a runtime with atob to decode the embedded kernels", got: "none" });
}

/** Whether this runtime runs WebAssembly with 128-bit SIMD (the kernels need it). */
export function wasmSimdSupported(): boolean {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.validate !== "function") return false;
  // A function returning i32x4.splat(0): valid only where SIMD is.
  const probe = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11);
  return WebAssembly.validate(probe);
}

/** Relaxed SIMD is used wherever the runtime has it, unless DROPOUT_WASM_RELAXED_SIMD=0. */
function relaxedSimdRequested(): boolean {
  return !(typeof process === "object" && process !== null && process.env?.["DROPOUT_WASM_RELAXED_SIMD"] === "0");
}

function sharedMemoryWanted(): boolean {
  return !(typeof process === "object" && process !== null && process.env?.["DROPOUT_WASM_SHARED_MEMORY"] === "0");
}

/** A shared memory where the runtime allows one (browsers: only when cross-origin isolated), else null. */
function sharedMemory(wanted: boolean): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer !== "function" || !wanted) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    return memory.buffer instanceof SharedArrayBuffer ? memory : null;
  } catch {
    return null;
  }
}

/**
 * Compiles and instantiates the embedded kernels synchronously (the module is small), over a shared
 * memory where possible (`sharedMemory: false`, or DROPOUT_WASM_SHARED_MEMORY=0, forces the plain,
 * copying mode).
 */
export function instantiateKernels(options: { sharedMemory?: boolean } = {}): KernelInstance {
  if (!wasmSimdSupported()) {
    throw new BackendError({ where: "wasm backend", expected: "WebAssembly with 128-bit SIMD", got: "a runtime without it", hint: 'use setBackend("js").' });
  }
  const shared = sharedMemory(options.sharedMemory ?? sharedMemoryWanted());
  const memory = shared ?? new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
  // Relaxed SIMD gives fused multiply-add: browsers and Node ≥ 22 have it, Node 20 only behind
  // --experimental-wasm-relaxed-simd. Its GEMM has a 6×8 tile, the plain build's 5×8; measured on
  // this project's machine the FMA build is ~1.3–1.4× faster (npm run bench -- w5). FMA rounds
  // once where mul+add rounds twice, so GEMM results differ in the last bits between the builds.
  const relaxed = decodeBase64(shared !== null ? kernelsRelaxedSimdSharedBase64 : kernelsRelaxedSimdBase64);
  const variant = relaxedSimdRequested() && WebAssembly.validate(relaxed) ? "relaxed-simd" : "simd";
  try {
    const module = new WebAssembly.Module(variant === "relaxed-simd" ? relaxed : decodeBase64(shared !== null ? kernelsSimdSharedBase64 : kernelsSimdBase64));
    const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => { throw new BackendError("wasm backend: a kernel aborted (an internal error; please report it)."); } } });
    return { memory, exports: instance.exports as unknown as KernelExports, variant, shared: shared !== null, module };
  } catch (cause) {
    throw new BackendError({ where: "wasm backend", expected: "the embedded kernels to compile", got: String(cause), cause });
  }
}
