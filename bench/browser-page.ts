/**
 * The browser half of bench/browser.ts (bundled by esbuild, run in a page or in a Web Worker):
 * W5 GEMM GFLOPS and W4 dropout forward ns per element on the wasm backend, 1 and 2 threads.
 */
import { F, Generator, getBackend, manualSeed, randn, setNumThreads } from "dropout-ts";
import { median, timeRepeated } from "./timing.js";

export interface BrowserFigure { measure: string; threads: number; median: number; min: number; max: number; split: boolean }

type Pool = { threads(): number; parallelCalls: number } | null;
const pool = (): Pool => (getBackend() as { kernelThreads?: () => Pool }).kernelThreads?.() ?? null;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Helpers start asynchronously (a worker needs this thread's event loop): call, yield, until `threads` are up (≤ 5 s). */
async function warmUp(call: () => void, threads: number): Promise<void> {
  for (let i = 0; i < 250 && (pool()?.threads() ?? 1) < threads; i++) {
    call();
    await sleep(20);
  }
}

function figure(measure: string, threads: number, values: number[], split: boolean): BrowserFigure {
  return { measure, threads, median: median(values), min: Math.min(...values), max: Math.max(...values), split };
}

async function measure(call: () => void, threads: number, reps: number): Promise<{ ms: number[]; split: boolean }> {
  setNumThreads(threads);
  if (threads > 1) await warmUp(call, threads);
  const before = pool()?.parallelCalls ?? 0;
  const ms = timeRepeated(call, reps);
  return { ms, split: (pool()?.parallelCalls ?? 0) > before };
}

async function gemm(M: number, N: number, K: number, threads: number, reps: number): Promise<BrowserFigure> {
  const g = new Generator({ seed: 0 });
  const A = g.uniform(new Float32Array(M * K), -1, 1), B = g.uniform(new Float32Array(K * N), -1, 1), C = new Float32Array(M * N);
  const { ms, split } = await measure(() => getBackend().gemm(false, false, M, N, K, A, 0, K, B, 0, N, C, 0, N, false), threads, reps);
  return figure(`W5 GEMM ${M}×${K}×${N}, GFLOPS`, threads, ms.map((t) => (2 * M * N * K) / t / 1e6), split);
}

async function dropout(threads: number, reps: number): Promise<BrowserFigure> {
  manualSeed(0);
  const x = randn(256, 4096);
  const { ms, split } = await measure(() => void F.dropout(x, { p: 0.5, training: true }), threads, reps);
  return figure("W4 dropout forward [256, 4096], ns/element", threads, ms.map((t) => (t * 1e6) / x.numel()), split);
}

async function run(): Promise<BrowserFigure[]> {
  const out: BrowserFigure[] = [];
  const threads = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true ? [1, 2] : [1];
  for (const t of threads) out.push(await gemm(1024, 1024, 1024, t, 5));
  for (const t of threads) out.push(await gemm(64, 256, 784, t, 30));
  for (const t of threads) out.push(await dropout(t, 30));
  return out;
}

if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function") {
  run().then((figures) => postMessage({ figures }), (e: unknown) => postMessage({ error: String(e) }));
} else {
  (globalThis as { benchFigures?: Promise<BrowserFigure[]> }).benchFigures = run();
}
