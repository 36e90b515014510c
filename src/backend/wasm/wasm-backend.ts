import type { AdagradParams, AdamParams, Backend, BinaryOp, Conv2dGeometry, ReduceOp, RmspropParams, SgdParams, UnaryOp } from "../backend.js";
import type { DType, FloatArray, TypedArray } from "../dtype.js";
import { jsBackend } from "../js/js-backend.js";
import { rowShiftAndLogSum } from "../js/softmax.js";
import { coalesce, forEachRow } from "../js/strided.js";
import { inAllocationScope, noteAllocation } from "../alloc-scope.js";
import { threshold } from "../../random/distributions.js";
import { Arena } from "./arena.js";
import { convGeometryWords, convKernels, splitRange } from "./conv-kernels.js";
import { gemmThroughPatches, patchShape } from "../patches.js";
import { type GemmCall, type HelperKernel, KernelThreads, partArgs, splitElements, splitGemm } from "./kernel-threads.js";
import { instantiateKernels, type KernelInstance } from "./instance.js";
import { Staging } from "./staging.js";

/** The arena starts above the kernels' static data (well under one page). */
const ARENA_START = 65536;
const MIB = 1 << 20;
/**
 * Below this many multiply-adds (~0.2 ms) a GEMM stays on one thread. Since helpers spin briefly
 * between calls (kernel-threads.ts), the MLP's 12.8M-MAC GEMMs gain from two threads: W1 measured
 * ~1.5 against ~2.0 ms per batch with 2^25, which had kept them on one (A/B runs, min of 3 chunks).
 */
const PARALLEL_MIN_MACS = 1 << 23;
/** A dropout mask costs ~2–3 ns per element: from 2^18 elements (~0.6 ms) a helper's wake-up is small beside it. */
const PARALLEL_MIN_ELEMENTS = 1 << 18;
/**
 * im2col, col2im, pooling and the NCHW reorders: memory-bound, ~0.2–1 ns per element here. With
 * helpers spinning between calls, splitting from 2^18 elements (the CNN's second convolution and
 * pool too) measured W2 at ~20.5 ms per batch against ~21–25 with 2^20 (quiet machine, A/B runs);
 * the second convolution's reorders (495k elements each) split too: 0.95 → 0.77 ms per batch for
 * all four, where they had counted as a quarter of their elements.
 */
const PARALLEL_MIN_MOVES = 1 << 18;
/**
 * Elementwise kernels are memory-bound (~0.2–0.3 ns per element on one core): from 2^18 elements
 * (the CNN's ReLUs and their gradients) a second core's bandwidth pays for handing it half.
 */
const PARALLEL_MIN_ELEMENTWISE = 1 << 18;
/** Adam costs ~0.55 ns per parameter (f32 lanes): from 2^17 (~0.07 ms; the MLPs' first layers have 200k and 400k) a spinning helper halves it (0.115 → 0.063 ms at 200k, alone). */
const PARALLEL_MIN_PARAMETERS = 1 << 17;
const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, reluGrad: 4, maximum: 5, minimum: 6, floorDiv: 7, truncDiv: 8 };
/** The comparisons of kernels/assembly/compare.ts: f32 operands, bool (Uint8Array) out. */
const COMPARE_CODES: Partial<Record<BinaryOp, number>> = { eq: 0, ne: 1, gt: 2, ge: 3, lt: 4, le: 5 };
/** Its unary tests: f32 in, bool out. */
const TEST_CODES: Partial<Record<UnaryOp, number>> = { logicalNot: 0, isnan: 1 };
/** The ops of kernels/assembly/unary.ts (its codes); the transcendentals equal js/f32-math.ts, f32-sincos.ts and f32-erf.ts bit for bit. */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, square: 2, sqrt: 3, rsqrt: 4, reciprocal: 5, floor: 6, ceil: 7, round: 8, trunc: 9, sign: 10,
  exp: 11, log: 12, log1p: 13, expm1: 14, tanh: 15, sigmoid: 16, sin: 17, cos: 18, erf: 19,
};
/** The ops of extremeAxisF32 in kernels/assembly/reduce.ts; argmax/argmin write int32. */
const EXTREME_CODES: Partial<Record<ReduceOp, number>> = { max: 0, min: 1, argmax: 2, argmin: 3 };

function poisonFromEnv(): boolean {
  return typeof process === "object" && process !== null && process.env?.["DROPOUT_WASM_POISON"] === "1";
}

function capFromEnv(): number {
  const mb = typeof process === "object" && process !== null ? Number(process.env?.["DROPOUT_WASM_ARENA_MB"]) : NaN;
  return Number.isFinite(mb) && mb > 0 ? mb * MIB : 256 * MIB;
}

export interface WasmBackendOptions {
  /**
   * Memory size above which new tensors get ordinary JS arrays (default 256 MiB, or DROPOUT_WASM_ARENA_MB);
   * tensors of an eighth of it or more always do (datasets). Loops in memory scopes (tidy, fit) reuse
   * their blocks at once; elsewhere dead blocks wait for a major GC, so the cap bounds that garbage.
   * 256 MiB holds the CNN's per-step activations (W2: ~40 MB) with room for a few steps of garbage.
   */
  arenaCapBytes?: number;
  /** false: a plain memory, tensors in JS arrays, operands copied in per call (what runs without SharedArrayBuffer). */
  sharedMemory?: boolean;
  /** How long a GEMM waits for a helper thread before it reports it dead (default 60 s). */
  helperTimeoutMs?: number;
  /** Multiply-adds from which a GEMM is split over threads (default 2^23; tests split small ones). */
  parallelMinMacs?: number;
  /** Elements from which a dropout mask is split over threads (default 2^18). */
  parallelMinElements?: number;
  /** Parameters from which an Adam update is split over threads (default 2^17). */
  parallelMinParameters?: number;
  /** Elements from which unary and binary elementwise kernels split over threads (default 2^18). */
  parallelMinElementwise?: number;
  /** Elements moved from which im2col, col2im, the NCHW reorders and pooling are split over threads (default 2^18). */
  parallelMinMoves?: number;
  /**
   * Fill outputs from allocUninitialized with NaN (the bytes 0xFF) instead of leaving them as they
   * were, so a kernel that skips part of its output shows as NaN. Default: DROPOUT_WASM_POISON=1,
   * which the test suite sets; off otherwise (it costs the pass over memory the method saves).
   */
  poisonUninitialized?: boolean;
}

/**
 * The WebAssembly SIMD backend. Over a shared memory, tensors live in wasm memory (see arena.ts)
 * and kernels run on them in place; arrays that live elsewhere (JS arrays from the user, or past
 * the arena's cap) are copied in for the heavy kernels (GEMM, optimizer updates, dropout) and left to the JS
 * kernels for the cheap elementwise ones, where a copy would cost as much as the work. Kernels
 * without a wasm version run the JS reference. Results equal the JS backend's bit for bit, except
 * GEMM (f32 accumulation in another order).
 */
/** Elements of C's register tiles (rowTile × 8) covering an M×N product: what the kernel computes. */
function tileArea(M: number, N: number, rowTile: number): number {
  return Math.ceil(M / rowTile) * rowTile * Math.ceil(N / 8) * 8;
}

/** The wasm backend, with a handle on its GEMM helper threads (for tests and diagnostics). */
export interface WasmBackend extends Backend {
  kernelThreads(): KernelThreads | null;
}

export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const kernels: KernelInstance = instantiateKernels(options.sharedMemory === undefined ? {} : { sharedMemory: options.sharedMemory });
  const { memory, exports: k } = kernels;
  const cap = options.arenaCapBytes ?? capFromEnv();
  const poison = (options.poisonUninitialized ?? poisonFromEnv()) ? (ptr: number, bytes: number) => { new Uint8Array(memory.buffer, ptr, bytes).fill(0xff); } : undefined;
  const arena = new Arena(memory, ARENA_START, cap, 16 * MIB, Math.max(cap / 8, MIB), (ptr, bytes) => k.zeroBytes(ptr, bytes), poison);
  const stage = new Staging(arena);
  const resident = (a: ArrayBufferView): boolean => arena.isResident(a);
  const f32 = (a: TypedArray): a is Float32Array => a instanceof Float32Array;
  let pool: KernelThreads | null = null;
  const parallelMinMacs = options.parallelMinMacs ?? PARALLEL_MIN_MACS;
  const parallelMinElements = options.parallelMinElements ?? PARALLEL_MIN_ELEMENTS;
  const parallelMinMoves = options.parallelMinMoves ?? PARALLEL_MIN_MOVES;
  const parallelMinParameters = options.parallelMinParameters ?? PARALLEL_MIN_PARAMETERS;
  const parallelMinElementwise = options.parallelMinElementwise ?? PARALLEL_MIN_ELEMENTWISE;
  const helpers = (): KernelThreads => (pool ??= new KernelThreads(kernels.module, memory, options.helperTimeoutMs));
  /** Runs part 0 of a split kernel here and the others on helpers (a single part just runs here). */
  const runParts = (kernel: HelperKernel, parts: number, argsFor: (i: number) => number[], runHere: (args: number[]) => void): void => {
    if (parts === 1) runHere(argsFor(0));
    else helpers().run(kernel, parts, argsFor, runHere);
  };
  const conv = convKernels({
    exports: k, stage,
    threads: (elements) => (kernels.shared && elements >= parallelMinMoves ? helpers().threads() : 1),
    run: runParts,
  });

  const free = (a: ArrayBufferView): void => { arena.freeArray(a); };
  function alloc(dtype: DType, n: number, zeroed = true): TypedArray {
    const a = arena.alloc(dtype, n, zeroed);
    if (inAllocationScope() && resident(a)) noteAllocation(a, free);
    return a;
  }

  /** Runs a staged GEMM call on the threads its size warrants (inside stage.run). */
  function runGemm(call: GemmCall): void {
    const { M, N, K, accumulate } = call;
    const rowTile = k.gemmRowTile();
    // A C of few columns (the first conv's weight gradient: 32×9) fills 8-column tiles badly: Cᵀ = op(B)ᵀ·op(A)ᵀ
    // into scratch, then transposed into C. Each element has the same products in the same k order: the same bits.
    const swap = !accumulate && K >= 16 && tileArea(N, M, rowTile) < 0.8 * tileArea(M, N, rowTile);
    const run: GemmCall = swap
      ? { transA: !call.transB, transB: !call.transA, M: N, N: M, K, a: call.b, lda: call.ldb, b: call.a, ldb: call.lda, c: stage.temp(4 * M * N), ldc: M, accumulate,
          ...(call.bPatches === undefined ? {} : { aPatches: call.bPatches }), ...(call.aPatches === undefined ? {} : { bPatches: call.aPatches }) }
      : call;
    const threads = kernels.shared && M * N * K >= parallelMinMacs ? helpers().threads() : 1;
    const parts = threads > 1 ? splitGemm(run.M, run.N, threads, rowTile, helpers().shares(threads)) : [{ i0: 0, i1: run.M, j0: 0, j1: run.N }];
    // Each thread packs into its own scratch: a block of A (plus an edge tile) and a block of its columns of B.
    const scratch = parts.map((p) => [stage.temp(k.gemmScratchABytes()), stage.temp(k.gemmScratchBBytes(p.j1 - p.j0))] as const);
    const patches = run.aPatches !== undefined || run.bPatches !== undefined;
    // gemmPatches takes its arguments as a block (a helper's kernel takes at most 14).
    const argsFor = (i: number): number[] => {
      const args = partArgs(run, parts[i]!, scratch[i]![0], scratch[i]![1]);
      return patches ? [stage.words(args)] : args;
    };
    const runHere = patches
      ? (x: number[]): void => k.gemmPatches(x[0]!)
      : (x: number[]): void => k.gemm(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, x[6]!, x[7]!, x[8]!, x[9]!, x[10]!, x[11]!, x[12]!, x[13]!);
    if (parts.length === 1) runHere(argsFor(0));
    else helpers().run(patches ? "gemmPatches" : "gemm", parts.length, argsFor, runHere, parts.map((p) => (p.i1 - p.i0) * (p.j1 - p.j0)));
    if (swap) {
      const ct = new Float32Array(memory.buffer, run.c, M * N), cv = new Float32Array(memory.buffer, call.c, (M - 1) * call.ldc + N);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) cv[i * call.ldc + j] = ct[j * M + i]!;
    }
  }

  function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: FloatArray, aOffset: number, lda: number, B: FloatArray, bOffset: number, ldb: number, C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void {
    if (!(f32(A) && f32(B) && f32(C)) || M === 0 || N === 0) {
      jsBackend.gemm(transA, transB, M, N, K, A, aOffset, lda, B, bOffset, ldb, C, cOffset, ldc, accumulate);
      return;
    }
    const aSpan = K === 0 ? 0 : transA ? (K - 1) * lda + M : (M - 1) * lda + K;
    const bSpan = K === 0 ? 0 : transB ? (N - 1) * ldb + K : (K - 1) * ldb + N;
    stage.run(() => {
      const a = stage.input(A, aOffset, aSpan), b = stage.input(B, bOffset, bSpan);
      // A strided C is staged with its gaps, so they are copied back unchanged.
      const c = stage.output(C, cOffset, (M - 1) * ldc + N, accumulate || ldc !== N);
      runGemm({ transA, transB, M, N, K, a, lda, b, ldb, c, ldc, accumulate });
    });
  }

  /** A convolution's GEMM with the patch matrix read from the image (gemm-patches.ts): unpadded float32 convolutions; others write it out. */
  function gemmPatches(transP: boolean, M: number, A: FloatArray, aOffset: number, lda: number, x: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number, C: FloatArray, cOffset: number, ldc: number, accumulate: boolean): void {
    const [rows, columns] = patchShape(g, cCount);
    const N = transP ? rows : columns, K = transP ? columns : rows;
    if (!(f32(A) && f32(x) && f32(C)) || g.ph !== 0 || g.pw !== 0 || M === 0 || N === 0 || K === 0) {
      gemmThroughPatches(backend, transP, M, A, aOffset, lda, x, g, cStart, cCount, C, cOffset, ldc, accumulate);
      return;
    }
    stage.run(() => {
      const a = stage.input(A, aOffset, (M - 1) * lda + K), image = stage.input(x, 0, g.batch * g.channels * g.height * g.width);
      const c = stage.output(C, cOffset, (M - 1) * ldc + N, accumulate || ldc !== N);
      runGemm({ transA: false, transB: transP, M, N, K, a, lda, b: image, ldb: 0, bPatches: stage.words(convGeometryWords(g, cStart, cCount)), c, ldc, accumulate });
    });
  }

  /**
   * One [rows, cols] block of a binary kernel (out contiguous, `outBytes` per element), split over
   * threads when large: by rows, or a single row by columns.
   */
  function binaryBlock(kernel: "binaryF32" | "compareF32", code: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number, out: number, outBytes: number, rows: number, cols: number): void {
    const threads = kernels.shared && rows * cols >= parallelMinElementwise ? helpers().threads() : 1;
    const byRows = rows >= threads;
    const ranges = byRows ? splitRange(rows, threads) : splitElements(cols, threads);
    const argsFor = (i: number): number[] => {
      const [from, to] = ranges[i]!;
      return byRows
        ? [code, a + 4 * from * aRow, aRow, aCol, b + 4 * from * bRow, bRow, bCol, out + outBytes * from * cols, to - from, cols]
        : [code, a + 4 * from * aCol, aRow, aCol, b + 4 * from * bCol, bRow, bCol, out + outBytes * from, rows, to - from];
    };
    const fn = k[kernel];
    runParts(kernel, ranges.length, argsFor, (x) => fn(x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!, x[6]!, x[7]!, x[8]!, x[9]!));
  }

  function binary(op: BinaryOp, a: TypedArray, aOffset: number, aStrides: readonly number[], b: TypedArray, bOffset: number, bStrides: readonly number[], out: TypedArray, shape: readonly number[]): void {
    const arith = BINARY_CODES[op], cmp = COMPARE_CODES[op];
    const code = arith !== undefined && f32(out) ? arith : cmp !== undefined && out instanceof Uint8Array ? cmp : undefined;
    if (code !== undefined && f32(a) && f32(b) && resident(a) && resident(b) && resident(out) && !shape.includes(0)) {
      const walk = coalesce(shape, [aStrides, bStrides]);
      const rank = walk.shape.length;
      const as = walk.strides[0]!, bs = walk.strides[1]!;
      const aCol = rank === 0 ? 0 : as[rank - 1]!, bCol = rank === 0 ? 0 : bs[rank - 1]!;
      const rows = rank >= 2 ? walk.shape[rank - 2]! : 1, cols = rank === 0 ? 1 : walk.shape[rank - 1]!;
      // Leading dims (a broadcast over NCHW, say) loop here, a kernel call per [rows, cols] block: worth it while blocks are not tiny.
      if ((aCol === 0 || aCol === 1) && (bCol === 0 || bCol === 1) && (rank <= 2 || rows * cols >= 64)) {
        const kernel = f32(out) ? "binaryF32" : "compareF32", outBytes = out.BYTES_PER_ELEMENT;
        // forEachRow over all dims but the last: each of its rows is one [rows, cols] block.
        forEachRow(walk.shape.slice(0, -1), [as.slice(0, -1), bs.slice(0, -1)], [aOffset, bOffset], (at, blockRows, rowStrides, block) => {
          binaryBlock(kernel, code, a.byteOffset + 4 * at[0]!, rowStrides[0]!, aCol, b.byteOffset + 4 * at[1]!, rowStrides[1]!, bCol, out.byteOffset + outBytes * block * cols, outBytes, blockRows, cols);
        });
        return;
      }
    }
    jsBackend.binary(op, a, aOffset, aStrides, b, bOffset, bStrides, out, shape);
  }

  /** A unary kernel `fn(…prefix, x, out, n)` split over threads by elements when large. */
  function unaryRun(kernel: "reluF32" | "unaryF32" | "testF32", prefix: number[], x: number, out: number, outBytes: number, n: number): void {
    const ranges = splitElements(n, kernels.shared && n >= parallelMinElementwise ? helpers().threads() : 1);
    const argsFor = (i: number): number[] => { const [from, to] = ranges[i]!; return [...prefix, x + 4 * from, out + outBytes * from, to - from]; };
    const fn = k[kernel] as (...args: number[]) => void;
    runParts(kernel, ranges.length, argsFor, (args) => fn(...args));
  }

  function fill(out: TypedArray, value: number, offset: number, length: number): void {
    // TypedArray.fill over the shared memory is 5–10× slower than memory.fill: zeroGrad's zeros go to the kernel.
    if (Object.is(value, 0) && resident(out) && length > 0) k.zeroBytes(out.byteOffset + offset * out.BYTES_PER_ELEMENT, length * out.BYTES_PER_ELEMENT);
    else jsBackend.fill(out, value, offset, length);
  }

  function unary(op: UnaryOp, x: TypedArray, xOffset: number, n: number, out: TypedArray): void {
    if (f32(x) && f32(out) && resident(x) && resident(out) && n > 0) {
      if (op === "relu") { unaryRun("reluF32", [], x.byteOffset + 4 * xOffset, out.byteOffset, 4, n); return; }
      const code = UNARY_CODES[op];
      if (code !== undefined) { unaryRun("unaryF32", [code], x.byteOffset + 4 * xOffset, out.byteOffset, 4, n); return; }
    }
    const test = TEST_CODES[op];
    if (test !== undefined && f32(x) && out instanceof Uint8Array && resident(x) && resident(out) && n > 0) { unaryRun("testF32", [test], x.byteOffset + 4 * xOffset, out.byteOffset, 1, n); return; }
    jsBackend.unary(op, x, xOffset, n, out);
  }

  function reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void {
    if (f32(x) && resident(x) && resident(out)) {
      if (op === "sum" && f32(out)) { k.sumAxisF32(x.byteOffset, outer, size, inner, out.byteOffset); return; }
      if (op === "prod" && f32(out)) { k.prodAxisF32(x.byteOffset, outer, size, inner, out.byteOffset); return; }
      const code = EXTREME_CODES[op];
      // An empty axis has no extreme: left to the JS reference, whatever it gives.
      if (code !== undefined && size > 0 && (code >= 2 ? out instanceof Int32Array : f32(out))) {
        k.extremeAxisF32(code, x.byteOffset, outer, size, inner, out.byteOffset);
        return;
      }
    }
    jsBackend.reduce(op, x, outer, size, inner, out);
  }

  function maskedScale(x: FloatArray, xOffset: number, n: number, keep: Uint32Array, scale: number, out: FloatArray): void {
    if (!(f32(x) && f32(out) && resident(x) && resident(out))) {
      jsBackend.maskedScale(x, xOffset, n, keep, scale, out);
      return;
    }
    stage.run(() => {
      k.maskedScaleF32(x.byteOffset + 4 * xOffset, n, stage.input(keep, 0, Math.ceil(n / 32)), scale, Math.fround(scale) === scale ? 1 : 0, out.byteOffset);
    });
  }

  function dropoutMask(n: number, p: number, key0: number, key1: number, offset: number, x: FloatArray | null, xOffset: number, scale: number, out: FloatArray | null): Uint32Array {
    const t = threshold(p);
    // p = 1 (t = 2^32) does not fit the kernel's u32 compare; float64 has no wasm kernel.
    if (t >= 4294967296 || (x !== null && !(f32(x) && out !== null && f32(out)))) return jsBackend.dropoutMask(n, p, key0, key1, offset, x, xOffset, scale, out);
    // In the memory, so the kernel writes it in place (every word, the bits past n as 0).
    const mask = arena.allocWords(Math.ceil(n / 32), false);
    if (inAllocationScope() && resident(mask)) noteAllocation(mask, free);
    if (n === 0) return mask;
    stage.run(() => {
      const m = stage.output(mask, 0, mask.length, false);
      const xp = x === null ? 0 : stage.input(x as Float32Array, xOffset, n);
      const op = out === null ? 0 : stage.output(out as Float32Array, 0, n, false);
      const exact = Math.fround(scale) === scale ? 1 : 0;
      const threads = kernels.shared && n >= parallelMinElements ? helpers().threads() : 1;
      const ranges = splitElements(n, threads);
      // Part [from, to) starts at mask byte from/8, element from, Philox block offset + from/4.
      const argsFor = (i: number): number[] => {
        const [from, to] = ranges[i]!, block = offset + from / 4;
        return [to - from, t, key0, key1, block % 4294967296, Math.floor(block / 4294967296), m + from / 8, xp === 0 ? 0 : xp + 4 * from, scale, exact, op === 0 ? 0 : op + 4 * from];
      };
      const runHere = (a: number[]): void => k.dropoutMaskF32(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!);
      runParts("dropoutMaskF32", ranges.length, argsFor, runHere);
    });
    return mask;
  }

  function adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, maxV: FloatArray | null, n: number, h: AdamParams): void {
    if (!(f32(param) && f32(grad) && f32(m) && f32(v) && (maxV === null || f32(maxV))) || n === 0) {
      jsBackend.adamStep(param, grad, m, v, maxV, n, h);
      return;
    }
    // The scalars exactly as js/optim.ts derives them.
    const bc1 = 1 - Math.pow(h.beta1, h.step), bc2Sqrt = Math.sqrt(1 - Math.pow(h.beta2, h.step));
    stage.run(() => {
      const pp = stage.output(param, 0, n, true), mp = stage.output(m, 0, n, true), vp = stage.output(v, 0, n, true), gp = stage.input(grad, 0, n);
      if (h.weightDecay === 0 && !h.maximize && maxV === null) {
        // Square roots and divisions make Adam compute-bound (~0.55 ns per parameter in f32 lanes): large ones split over threads.
        const ranges = splitElements(n, kernels.shared && n >= parallelMinParameters ? helpers().threads() : 1);
        const argsFor = (i: number): number[] => {
          const [from, to] = ranges[i]!, at = 4 * from;
          return [pp + at, gp + at, mp + at, vp + at, to - from, h.beta1, h.beta2, 1 - h.beta1, 1 - h.beta2, h.lr / bc1, 1 / bc2Sqrt, h.eps];
        };
        const runHere = (a: number[]): void => k.adamF32(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!, a[11]!);
        runParts("adamF32", ranges.length, argsFor, runHere);
      } else {
        const xp = maxV === null ? 0 : stage.output(maxV as Float32Array, 0, n, true);
        k.adamGeneralF32(pp, gp, mp, vp, xp, n, h.beta1, h.beta2, h.lr / bc1, bc2Sqrt, h.eps, h.weightDecay, h.decoupled ? 1 : 0, h.decoupled ? 1 - h.lr * h.weightDecay : 1, h.maximize ? 1 : 0);
      }
    });
  }

  function logSoftmax(x: FloatArray, xOffset: number, rows: number, cols: number, out: FloatArray): void {
    if (!(f32(x) && f32(out)) || rows * cols === 0) {
      jsBackend.logSoftmax(x, xOffset, rows, cols, out);
      return;
    }
    stage.run(() => {
      const xp = stage.input(x, xOffset, rows * cols), op = stage.output(out, 0, rows * cols, false);
      const sp = stage.temp(16 * rows);
      k.rowMaxExpSumF32(xp, rows, cols, sp);
      // The logarithms (one per row) in JS, with Math.log as the JS reference: bit for bit the same.
      rowShiftAndLogSum(new Float64Array(memory.buffer, sp, 2 * rows), rows);
      k.applyLogSoftmaxF32(xp, rows, cols, sp, op);
    });
  }

  function logSoftmaxBackward(grad: FloatArray, logp: FloatArray, rows: number, cols: number, dx: FloatArray): void {
    if (!(f32(grad) && f32(logp) && f32(dx)) || rows * cols === 0) {
      jsBackend.logSoftmaxBackward(grad, logp, rows, cols, dx);
      return;
    }
    stage.run(() => {
      const n = rows * cols;
      k.logSoftmaxBackwardF32(stage.input(grad, 0, n), stage.input(logp, 0, n), rows, cols, stage.output(dx, 0, n, false));
    });
  }

  function crossEntropyBackward(logp: FloatArray, target: Int32Array, rowScale: FloatArray, rows: number, cols: number, dx: FloatArray): void {
    if (!(f32(logp) && f32(rowScale) && f32(dx)) || rows * cols === 0) {
      jsBackend.crossEntropyBackward(logp, target, rowScale, rows, cols, dx);
      return;
    }
    stage.run(() => {
      const n = rows * cols;
      const tp = stage.input(new Uint32Array(target.buffer, target.byteOffset, rows), 0, rows);
      k.crossEntropyBackwardF32(stage.input(logp, 0, n), tp, stage.input(rowScale, 0, rows), rows, cols, stage.output(dx, 0, n, false));
    });
  }

  function sgdStep(param: FloatArray, grad: FloatArray, momentumBuf: FloatArray | null, n: number, h: SgdParams): void {
    if (!(f32(param) && f32(grad) && (momentumBuf === null || f32(momentumBuf))) || n === 0) {
      jsBackend.sgdStep(param, grad, momentumBuf, n, h);
      return;
    }
    stage.run(() => {
      const pp = stage.output(param, 0, n, true), gp = stage.input(grad, 0, n);
      // The first step only writes the buffer; later ones read it.
      const bp = momentumBuf === null ? 0 : stage.output(momentumBuf as Float32Array, 0, n, !h.firstStep);
      k.sgdF32(pp, gp, bp, n, h.lr, h.momentum, 1 - h.dampening, h.nesterov ? 1 : 0, h.weightDecay, h.maximize ? 1 : 0, h.firstStep ? 1 : 0);
    });
  }

  function rmspropStep(param: FloatArray, grad: FloatArray, squareAvg: FloatArray, gradAvg: FloatArray | null, momentumBuf: FloatArray | null, n: number, h: RmspropParams): void {
    if (!(f32(param) && f32(grad) && f32(squareAvg) && (gradAvg === null || f32(gradAvg)) && (momentumBuf === null || f32(momentumBuf))) || n === 0) {
      jsBackend.rmspropStep(param, grad, squareAvg, gradAvg, momentumBuf, n, h);
      return;
    }
    stage.run(() => {
      const pp = stage.output(param, 0, n, true), gp = stage.input(grad, 0, n), sp = stage.output(squareAvg, 0, n, true);
      const ap = gradAvg === null ? 0 : stage.output(gradAvg as Float32Array, 0, n, true);
      const bp = momentumBuf === null ? 0 : stage.output(momentumBuf as Float32Array, 0, n, true);
      k.rmspropF32(pp, gp, sp, ap, bp, n, h.lr, h.alpha, 1 - h.alpha, h.eps, h.weightDecay, h.momentum, h.maximize ? 1 : 0);
    });
  }

  function adagradStep(param: FloatArray, grad: FloatArray, stateSum: FloatArray, n: number, h: AdagradParams): void {
    if (!(f32(param) && f32(grad) && f32(stateSum)) || n === 0) {
      jsBackend.adagradStep(param, grad, stateSum, n, h);
      return;
    }
    stage.run(() => {
      const pp = stage.output(param, 0, n, true), gp = stage.input(grad, 0, n), sp = stage.output(stateSum, 0, n, true);
      // The decayed rate exactly as js/optim.ts derives it.
      k.adagradF32(pp, gp, sp, n, h.lr / (1 + (h.step - 1) * h.lrDecay), h.weightDecay, h.eps, h.maximize ? 1 : 0);
    });
  }

  const backend: WasmBackend = {
    ...jsBackend,
    name: "wasm",
    variant: kernels.variant,
    alloc: (dtype: DType, n: number) => alloc(dtype, n),
    allocUninitialized: (dtype: DType, n: number) => alloc(dtype, n, false),
    free,
    isResident: resident,
    memoryStats: () => arena.stats(),
    ...conv,
    fill, gemm, gemmPatches, binary, unary, reduce, maskedScale, dropoutMask, adamStep, sgdStep, rmspropStep, adagradStep, logSoftmax, logSoftmaxBackward, crossEntropyBackward,
    kernelThreads: () => pool,
  };
  return backend;
}
