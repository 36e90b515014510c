/**
 * Kernels on more than one thread: helpers instantiate the same kernels over the same shared memory
 * and run a part of a call. GEMM splits C into column panels (multiples of 8) or row blocks
 * (multiples of the kernel's register-tile rows), sized by the threads' measured speeds; the
 * dropout mask, Adam and the elementwise kernels split their elements; convolution's data movement
 * and pooling split by patch row, channel, image or plane (conv-kernels.ts). Every element is
 * computed by the same code in the same order as on one thread — bit-identical results.
 * The calling thread computes its own part, then waits for the helpers on a control block
 * (Atomics), with a deadline: a helper that died fails the call with a BackendError instead of a hang.
 *
 * Spawning is platform code (worker_threads in src/node/wasm-threads.ts, Web Workers in
 * src/browser/web-worker-threads.ts); this file only uses what every runtime has: SharedArrayBuffer
 * and Atomics, and gives both platforms the same helper loop (helperSource).
 */
import { BackendError } from "../../errors.js";

/**
 * Starts one helper with the kernels' module, the shared memory and its control block; the platform
 * calls `failed` when the helper reports an error (e.g. a browser blocked its script), so threads turn off.
 */
export type HelperSpawner = (module: WebAssembly.Module, memory: WebAssembly.Memory, control: SharedArrayBuffer, failed: () => void) => { terminate(): void };

let spawner: HelperSpawner | null = null;
let available = 1;
let requested: number | null = null;

/** Called by the platform layer (src/node/wasm-threads.ts, src/browser/web-worker-threads.ts) to make helper threads possible. */
export function registerHelperSpawner(spawn: HelperSpawner, parallelism: number): void {
  spawner = spawn;
  available = Math.max(1, Math.floor(parallelism));
}

let fromEnv: number | null | undefined;
/** DROPOUT_THREADS, read once: process.env is a slow lookup, and threads() runs for every large op. */
function envThreads(): number | null {
  if (fromEnv === undefined) {
    const v = typeof process === "object" && process !== null ? process.env?.["DROPOUT_THREADS"] : undefined;
    const n = Number(v);
    fromEnv = v !== undefined && Number.isInteger(n) && n >= 1 ? n : null;
  }
  return fromEnv;
}

/** Threads the wasm GEMM uses: setNumThreads, else DROPOUT_THREADS, else the cores available (at most 4). */
export function getNumThreads(): number {
  if (spawner === null) return 1;
  return requested ?? envThreads() ?? Math.min(available, 4);
}

/** Sets the threads for GEMM (PyTorch's torch.set_num_threads); 1 turns helpers off. */
export function setNumThreads(n: number): void {
  if (!(Number.isInteger(n) && n >= 1 && n <= 64)) throw new BackendError({ where: "setNumThreads", expected: "an integer from 1 to 64", got: String(n) });
  requested = n;
}

// Control block, as int32 slots: what the caller posts and each helper answers (ELAPSED: its part's µs).
const SEQ = 0, DONE = 1, READY = 2, FAILED = 3, DIE = 4, ELAPSED = 5;
const ARGS_BYTE_OFFSET = 64, ARGS = 15;
/**
 * How long a helper spins for the next call before it sleeps, and the caller for the helpers before
 * it sleeps: a futex wake-up costs ~0.1 ms here, which is most of a split 12.8M-MAC GEMM's gain.
 * A 2 ms helper spin cut the main thread's waiting in W2 but measured ~3% slower per batch (the
 * spinning core is perhaps the one V8's GC threads need; not measured), so 0.5 ms stays.
 */
const HELPER_SPIN_MS = 0.5, CALLER_SPIN_MS = 2;

/** The kernels a helper can run: slot 0 of the arguments picks one, the rest are its arguments. */
export const HELPER_KERNELS = ["gemm", "gemmPatches", "dropoutMaskF32", "adamF32", "binaryF32", "compareF32", "reluF32", "unaryF32", "testF32", "im2colF32", "col2imF32", "rowsToNchwF32", "nchwToRowsF32", "maxPool2dF32", "maxPool2dBackwardF32", "avgPool2dF32", "avgPool2dBackwardF32"] as const;
export type HelperKernel = (typeof HELPER_KERNELS)[number];
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + 8 * ARGS;

/**
 * The source each helper runs: `prelude` (the platform's part) gets the module, memory and control
 * block and calls `runHelper(module, memory, control, die)`; `die()` must stop the thread without
 * answering (the test hook for a helper that dies). Function declarations hoist, so the prelude may
 * call runHelper at once (Node) or from a message handler (a Web Worker).
 */
export function helperSource(prelude: string): string {
  return `${prelude}
function runHelper(module, memory, control, die) {
  const ctrl = new Int32Array(control, 0, 16);
  const a = new Float64Array(control, ${ARGS_BYTE_OFFSET}, ${ARGS});
  const instance = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error("kernel aborted"); } } });
  const kernels = ${JSON.stringify(HELPER_KERNELS)}.map((name) => instance.exports[name]);
  Atomics.store(ctrl, ${READY}, 1);
  Atomics.notify(ctrl, ${READY});
  let seen = 0;
  for (;;) {
    // Calls come in bursts (a training step's GEMMs, dropout, Adam): spinning a little before
    // sleeping starts the next part at once instead of after the futex wake-up (~0.1 ms here).
    for (const until = performance.now() + ${HELPER_SPIN_MS}; Atomics.load(ctrl, ${SEQ}) === seen && performance.now() < until;);
    Atomics.wait(ctrl, ${SEQ}, seen);
    seen = Atomics.load(ctrl, ${SEQ});
    if (Atomics.load(ctrl, ${DIE}) === 1) return die();
    const start = performance.now();
    try {
      kernels[a[0]](a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
    } catch {
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    Atomics.store(ctrl, ${ELAPSED}, Math.round((performance.now() - start) * 1000));
    Atomics.store(ctrl, ${DONE}, seen);
    Atomics.notify(ctrl, ${DONE});
  }
}
`;
}

/**
 * One GEMM call's operands, as pointers into the shared memory (the kernel's argument order). With
 * aPatches (bPatches), a (b) is an image and the operand the patch matrix of an unpadded convolution
 * whose geometry block lies at aPatches (see kernels/assembly/gemm-patches.ts).
 */
export interface GemmCall {
  transA: boolean; transB: boolean; M: number; N: number; K: number;
  a: number; lda: number; b: number; ldb: number; c: number; ldc: number; accumulate: boolean;
  aPatches?: number; bPatches?: number;
}

/** A part of C: rows [i0, i1) × columns [j0, j1). */
export interface GemmPart { i0: number; i1: number; j0: number; j1: number }

/**
 * Splits C into `parts` pieces along the dim with more kernel tiles (columns come in 8s, rows in
 * `rowTile`s), part p taking about shares[p] of them (default: equal). Where a part starts changes
 * no element's value (see kernels/assembly/gemm.ts), only how many edge tiles there are.
 */
export function splitGemm(M: number, N: number, parts: number, rowTile = 4, shares?: readonly number[]): GemmPart[] {
  const byColumns = Math.ceil(N / 8) >= Math.ceil(M / rowTile);
  const blocks = byColumns ? Math.ceil(N / 8) : Math.ceil(M / rowTile), unit = byColumns ? 8 : rowTile, size = byColumns ? N : M;
  const total = shares === undefined ? parts : shares.slice(0, parts).reduce((s, x) => s + x, 0);
  const out: GemmPart[] = [];
  for (let p = 0, before = 0; p < parts; p++) {
    const share = shares === undefined ? 1 : shares[p]!;
    const from = Math.min(size, Math.round((blocks * before) / total) * unit);
    before += share;
    const to = p === parts - 1 ? size : Math.min(size, Math.round((blocks * before) / total) * unit);
    if (to > from) out.push(byColumns ? { i0: 0, i1: M, j0: from, j1: to } : { i0: from, i1: to, j0: 0, j1: N });
  }
  return out;
}

/**
 * The kernel arguments for one part of a call: gemm's (byte pointers moved to the part's first
 * row/column), or with a patch operand gemmPatches' (that operand counts from the part's first row
 * of op(A) or column of op(B) instead).
 */
export function partArgs(call: GemmCall, part: GemmPart, scratchA: number, scratchB: number): number[] {
  const { transA, transB, K, lda, ldb, ldc, aPatches, bPatches } = call;
  const a = aPatches !== undefined ? call.a : call.a + 4 * (transA ? part.i0 : part.i0 * lda);
  const b = bPatches !== undefined ? call.b : call.b + 4 * (transB ? part.j0 * ldb : part.j0);
  const c = call.c + 4 * (part.i0 * ldc + part.j0);
  const [flagA, flagB, M, N, acc] = [transA ? 1 : 0, transB ? 1 : 0, part.i1 - part.i0, part.j1 - part.j0, call.accumulate ? 1 : 0];
  if (aPatches === undefined && bPatches === undefined) return [flagA, flagB, M, N, K, a, lda, b, ldb, c, ldc, acc, scratchA, scratchB];
  return [flagA, flagB, M, N, K, a, lda, aPatches ?? 0, part.i0, b, ldb, bPatches ?? 0, part.j0, c, ldc, acc, scratchA, scratchB];
}

/**
 * Element ranges of an elementwise kernel (a dropout mask, an optimizer update) over `parts`
 * threads: each starts on a multiple of 128, so it begins a mask word (32 elements), a Philox block
 * (4 elements) and a SIMD vector; the last takes the tail.
 */
export function splitElements(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0, from = 0; p < parts && from < n; p++) {
    const to = p === parts - 1 ? n : Math.min(n, Math.round((n * (p + 1)) / parts / 128) * 128);
    if (to > from) out.push([from, to]);
    from = to;
  }
  return out;
}

interface Helper { control: Int32Array; args: Float64Array; handle: { terminate(): void } }

/** The helpers of one wasm backend instance. */
export class KernelThreads {
  private helpers: Helper[] = [];
  private dead = false;
  /** Set by a helper's error event (it arrives between calls, when this thread's event loop runs). */
  private failed = false;
  /** Calls that ran split over helpers (so a benchmark can tell whether its op was). */
  parallelCalls = 0;
  /**
   * Work per millisecond of each thread (0: the caller) in recent split calls that reported their
   * work. The two cores of a shared machine are seldom equally fast for long (another process, the
   * event loop, GC threads): an equal split waits for the slower one, so splits follow these speeds.
   */
  private speeds: number[] = [];

  constructor(private readonly module: WebAssembly.Module, private readonly memory: WebAssembly.Memory, private readonly timeoutMs = 60_000) {}

  /** Whether helpers are off for good: one died, or none could start (e.g. a page whose CSP forbids blob: workers). */
  get stopped(): boolean {
    return this.dead;
  }

  /** How many threads a call may use now: 1 + the helpers that are up (they start asynchronously). */
  threads(): number {
    if (this.dead || spawner === null) return 1;
    if (this.failed) {
      this.shutdown();
      return 1;
    }
    const want = getNumThreads();
    try {
      while (this.helpers.length < want - 1) this.spawn();
    } catch {
      // No helper could start (a runtime without workers for this code): stay on one thread.
      this.shutdown();
      return 1;
    }
    let ready = 1;
    for (const h of this.helpers.slice(0, want - 1)) if (Atomics.load(h.control, READY) === 1) ready++;
    return ready;
  }

  private spawn(): void {
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const handle = spawner!(this.module, this.memory, control, () => { this.failed = true; });
    this.helpers.push({ control: new Int32Array(control, 0, 16), args: new Float64Array(control, ARGS_BYTE_OFFSET, ARGS), handle });
  }

  /** Relative shares of work for `parts` threads, from their measured speeds (equal until measured). */
  shares(parts: number): number[] {
    const known = this.speeds.length >= parts;
    // Within 1.5× of the mean, so that one odd measurement cannot starve a thread.
    const s = Array.from({ length: parts }, (_, i) => (known ? this.speeds[i]! : 1));
    const mean = s.reduce((a, b) => a + b, 0) / parts;
    return s.map((x) => Math.min(Math.max(x, mean / 1.5), mean * 1.5));
  }

  /**
   * Runs parts[1..] of `kernel` on helpers and parts[0] with `runHere`, then waits for every helper.
   * `argsFor(k)` gives part k's kernel arguments (with its own scratch). `work[k]` (optional), part
   * k's size in any unit, lets the call update the threads' speeds.
   */
  run(kernel: HelperKernel, partCount: number, argsFor: (k: number) => number[], runHere: (args: number[]) => void, work?: readonly number[]): void {
    const busy = this.helpers.slice(0, partCount - 1);
    const id = HELPER_KERNELS.indexOf(kernel);
    this.parallelCalls++;
    busy.forEach((h, k) => {
      h.args[0] = id;
      h.args.set(argsFor(k + 1), 1);
      Atomics.store(h.control, FAILED, 0);
      Atomics.add(h.control, SEQ, 1);
      Atomics.notify(h.control, SEQ);
    });
    const start = performance.now();
    let hereMs = 0;
    try {
      runHere(argsFor(0));
      hereMs = performance.now() - start;
    } finally {
      for (const h of busy) this.await(h);
    }
    if (work !== undefined) this.learnSpeeds(work, [hereMs, ...busy.map((h) => Atomics.load(h.control, ELAPSED) / 1000)]);
  }

  /** Moves each thread's speed halfway to what this call measured; parts under 0.5 ms (wake-ups weigh too much there) are skipped. */
  private learnSpeeds(work: readonly number[], ms: number[]): void {
    if (ms.some((t) => t < 0.5)) return;
    const measured = ms.map((t, i) => work[i]! / t);
    const mean = measured.reduce((a, b) => a + b, 0) / measured.length;
    measured.forEach((v, i) => { this.speeds[i] = this.speeds[i] === undefined ? v / mean : 0.5 * this.speeds[i]! + 0.5 * (v / mean); });
  }

  private await(h: Helper): void {
    const seq = Atomics.load(h.control, SEQ), deadline = Date.now() + this.timeoutMs;
    // This thread has nothing else to do: spin before sleeping, so it resumes as soon as the helper is done.
    for (const until = performance.now() + CALLER_SPIN_MS; Atomics.load(h.control, DONE) !== seq && performance.now() < until;);
    for (;;) {
      const done = Atomics.load(h.control, DONE);
      if (done === seq) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.shutdown();
        throw new BackendError({ where: "wasm backend", expected: `a kernel helper thread to finish within ${this.timeoutMs} ms`, got: "no answer (the thread died or hangs)", hint: "threads are now off for this backend; the next call runs on one thread." });
      }
      // Atomics.wait blocks where allowed (Node's main thread, workers); browsers' main thread spins.
      if (typeof Atomics.wait === "function" && canBlock()) Atomics.wait(h.control, DONE, done, Math.min(left, 100));
    }
    if (Atomics.load(h.control, FAILED) === 1) throw new BackendError({ where: "wasm backend", expected: "the helper thread's part to complete", got: "a kernel error in the helper thread" });
  }

  /** Test hook: the next call makes helper `k` exit instead of working. */
  killOnNextCall(k: number): void {
    Atomics.store(this.helpers[k]!.control, DIE, 1);
  }

  /** Test hook: stops helper `k` from outside, as a crash would, without telling the pool. */
  terminateHelper(k: number): void {
    this.helpers[k]!.handle.terminate();
  }

  shutdown(): void {
    this.dead = true;
    for (const h of this.helpers) {
      // Wake the helper to exit by itself: Chromium's terminate() ends a worker blocked in
      // Atomics.wait only by force, ~2 s later (200 ms after terminate() it still answered a call;
      // see test/browser/page-checks.ts).
      Atomics.store(h.control, DIE, 1);
      Atomics.add(h.control, SEQ, 1);
      Atomics.notify(h.control, SEQ);
      h.handle.terminate();
    }
    this.helpers = [];
  }
}

let blocking: boolean | null = null;
/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  if (blocking === null) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}
