/**
 * What the Chromium test runs inside the page (bundled by esbuild from the browser entry). It
 * measures and reports; test/browser/chromium.test.ts asserts on the report, so a failure names
 * the value that was wrong.
 */
import { F, getBackend, getNumThreads, manualSeed, matmul, nn, optim, randint, randn, setBackend, setNumThreads, type Tensor } from "../../src/browser/entry.js";
import { createWasmBackend, type WasmBackend } from "../../src/backend/wasm/wasm-backend.js";

type Death = { error: string; name: string; ms: number; threadsAfter: number; recovered: boolean };

export interface PageReport {
  inWorker: boolean;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  backend: string;
  variant: string | null;
  /** Whether a tensor's storage lives in the wasm memory (shared memory) or is copied in per call. */
  resident: boolean;
  hardwareConcurrency: number;
  threadsUp: number;
  /** Whether the pool turned helpers off for good (none could start). */
  threadsStopped: boolean;
  numThreads: number;
  /** Digests of a GEMM's bytes (see gemmDigests). */
  gemmOneThread: string;
  gemmTwoThreads: string;
  gemmParallelCalls: number;
  dropoutWasm: string;
  dropoutJs: string;
  dropoutParallelCalls: number;
  losses: number[];
  /** A dying helper, both ways (isolated page only). */
  helperDeath: { kill: Death | null; terminate: Death | null } | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A digest of a tensor's exact bytes (FNV-1a over the float bits), so the report stays small. */
function digest(t: Tensor): string {
  const data = t.dataSync();
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return `${data.length}:${h.toString(16)}`;
}

/** Helpers start asynchronously (a Web Worker needs this thread's event loop): call, yield, recount. */
async function warmUp(be: WasmBackend, run: () => void, threads: number): Promise<number> {
  let up = 1;
  for (let i = 0; i < 250 && up < threads && be.kernelThreads()?.stopped !== true; i++) {
    run();
    up = be.kernelThreads()?.threads() ?? 1;
    if (up < threads) await sleep(20);
  }
  return up;
}

/**
 * 1024×128 · 128×512 (67M multiply-adds, over the default split threshold; the 2 MiB product stays in
 * the arena rather than a staged JS array). Operands other than the warm-up's, two threads first, and
 * both products alive at once: the arena reuses freed blocks without clearing them, so a part the
 * helper skipped could otherwise show a stale right answer.
 */
function gemmDigests(be: WasmBackend): { one: string; two: string; parallelCalls: number } {
  manualSeed(2);
  const a = randn(1024, 128), b = randn(128, 512);
  setNumThreads(2);
  const before = be.kernelThreads()?.parallelCalls ?? 0;
  const two = matmul(a, b);
  const parallelCalls = (be.kernelThreads()?.parallelCalls ?? 0) - before;
  setNumThreads(1);
  const one = matmul(a, b);
  setNumThreads(2);
  return { one: digest(one), two: digest(two), parallelCalls };
}

/** The dropout of 2^19 elements (over the mask's split threshold) with seed 7 on the current backend. */
function dropoutDigest(): string {
  manualSeed(7);
  return digest(F.dropout(randn(512, 1024), { p: 0.3, training: true }));
}

function trainLosses(): number[] {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(32, 64), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(64, 4));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  const x = randn(128, 32), labels = randint(0, 4, [128]);
  model.train();
  const losses: number[] = [];
  for (let step = 0; step < 30; step++) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(x), labels);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

/**
 * A helper that dies (`kill`: it exits on its next call, the test hook; `terminate`: its Worker is
 * terminated from this page, as a crash would end it): the call must fail with a BackendError, not
 * hang the page, and the next call run on one thread with the one-thread result.
 */
async function helperDeath(how: "kill" | "terminate"): Promise<Death | null> {
  const be = createWasmBackend({ helperTimeoutMs: 300, parallelMinMacs: 1 });
  const n = 128;
  const A = be.alloc("float32", n * n) as Float32Array, B = be.alloc("float32", n * n) as Float32Array;
  for (let i = 0; i < n * n; i++) { A[i] = Math.sin(i * 0.37); B[i] = Math.cos(i * 0.11); }
  const C = be.alloc("float32", n * n) as Float32Array, reference = be.alloc("float32", n * n) as Float32Array;
  setNumThreads(1);
  be.gemm(false, false, n, n, n, A, 0, n, B, 0, n, reference, 0, n, false);
  setNumThreads(2);
  if ((await warmUp(be, () => be.gemm(false, false, n, n, n, A, 0, n, B, 0, n, C, 0, n, false), 2)) < 2) return null;
  if (how === "kill") {
    be.kernelThreads()!.killOnNextCall(0);
  } else {
    be.kernelThreads()!.terminateHelper(0);
    // Chromium ends a worker blocked in Atomics.wait only by force, ~2 s after terminate(): until
    // then it would still answer (measured here: after 200 ms it did).
    await sleep(3000);
  }
  const start = performance.now();
  let error = "no error", name = "";
  try {
    be.gemm(false, false, n, n, n, A, 0, n, B, 0, n, C, 0, n, false);
  } catch (e) {
    error = (e as Error).message;
    name = (e as Error).name;
  }
  const ms = performance.now() - start;
  C.fill(0);
  be.gemm(false, false, n, n, n, A, 0, n, B, 0, n, C, 0, n, false);
  return { error, name, ms, threadsAfter: be.kernelThreads()!.threads(), recovered: C.every((v, i) => Object.is(v, reference[i])) };
}

async function run(): Promise<PageReport> {
  const be = getBackend() as WasmBackend;
  const isolated = globalThis.crossOriginIsolated === true;
  setNumThreads(2);
  manualSeed(1);
  const a = randn(1024, 64), b = randn(64, 1024);
  const threadsUp = be.name === "wasm" && be.kernelThreads !== undefined ? await warmUp(be, () => void matmul(a, b), isolated ? 2 : 1) : 1;
  const gemm = gemmDigests(be);
  const before = be.kernelThreads()?.parallelCalls ?? 0;
  const dropoutWasm = dropoutDigest();
  const dropoutParallelCalls = (be.kernelThreads()?.parallelCalls ?? 0) - before;
  const losses = trainLosses();
  setBackend("js");
  const dropoutJs = dropoutDigest();
  setBackend("wasm");
  return {
    inWorker,
    crossOriginIsolated: isolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === "function",
    backend: be.name,
    variant: be.variant ?? null,
    resident: be.isResident?.(be.alloc("float32", 16)) ?? false,
    hardwareConcurrency: navigator.hardwareConcurrency,
    threadsUp,
    threadsStopped: be.kernelThreads?.()?.stopped ?? false,
    numThreads: getNumThreads(),
    gemmOneThread: gemm.one,
    gemmTwoThreads: gemm.two,
    gemmParallelCalls: gemm.parallelCalls,
    dropoutWasm,
    dropoutJs,
    dropoutParallelCalls,
    losses,
    helperDeath: isolated ? { kill: await helperDeath("kill"), terminate: await helperDeath("terminate") } : null,
  };
}

/** In a Web Worker (worker.html) the report goes to the page by message; in a page, the test reads it from a global. */
const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function";
if (inWorker) {
  run().then((report) => postMessage({ report }), (e: unknown) => postMessage({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
} else {
  (globalThis as { dropoutReport?: Promise<PageReport> }).dropoutReport = run();
}
