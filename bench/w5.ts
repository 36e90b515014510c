/**
 * W5: float32 GEMM throughput (2·M·N·K / s) at the seed MLP's shapes and at 1024³, on each of our
 * backends and the peers; then (ours and TensorFlow.js only) the GEMMs of W3's layer and W2's two
 * convolutions (im2col, see nn/functional/conv.ts), forward and backward, with their transposes.
 * Labels read M×K×N.
 */
import { Generator, getBackend, getNumThreads, setBackend, setNumThreads } from "dropout-ts";
import type { Measure } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { tfjsMatmul } from "./peers/tfjs-ops.js";
import { torchWorkload } from "./peers/torch.js";
import { sleepSync, timeRepeated } from "./timing.js";

interface Shape { label: string; M: number; N: number; K: number; transA: boolean; transB: boolean; torchKey?: string; withJs?: false }
const shapes: Shape[] = [
  { label: "64×784×256 (MLP forward)", M: 64, N: 256, K: 784, transA: false, transB: false, torchKey: "64x784x256" },
  { label: "Xᵀ·dY 784×64×256 (weight grad)", M: 784, N: 256, K: 64, transA: true, transB: false, torchKey: "784x64x256 tA" },
  { label: "dY·Wᵀ 64×256×784 (input grad)", M: 64, N: 784, K: 256, transA: false, transB: true, torchKey: "64x256x784 tB" },
  { label: "1024×1024×1024", M: 1024, N: 1024, K: 1024, transA: false, transB: false, torchKey: "1024x1024x1024" },
  { label: "W3 128×784×512 (forward)", M: 128, N: 512, K: 784, transA: false, transB: false, withJs: false },
  { label: "W3 Xᵀ·dY 784×128×512 (weight grad)", M: 784, N: 512, K: 128, transA: true, transB: false, withJs: false },
  { label: "W3 dY·Wᵀ 128×512×784 (input grad)", M: 128, N: 784, K: 512, transA: false, transB: true, withJs: false },
  { label: "W2 conv2 W·cols 64×288×7744 (forward)", M: 64, N: 7744, K: 288, transA: false, transB: false, withJs: false },
  { label: "W2 conv2 dY·colsᵀ 64×7744×288 (weight grad)", M: 64, N: 288, K: 7744, transA: false, transB: true, withJs: false },
  { label: "W2 conv2 Wᵀ·dY 288×64×7744 (input grad)", M: 288, N: 7744, K: 64, transA: true, transB: false, withJs: false },
  { label: "W2 conv1 W·cols 32×9×43264 (forward)", M: 32, N: 43264, K: 9, transA: false, transB: false, withJs: false },
  { label: "W2 conv1 dY·colsᵀ 32×43264×9 (weight grad)", M: 32, N: 9, K: 43264, transA: false, transB: true, withJs: false },
];

function gflops(backend: string, threads: number, s: Shape, reps: number): number[] | string {
  setBackend(backend);
  setNumThreads(threads);
  const { gemm } = getBackend();
  const g = new Generator({ seed: 0 });
  const A = g.uniform(new Float32Array(s.M * s.K), -1, 1), B = g.uniform(new Float32Array(s.K * s.N), -1, 1), C = new Float32Array(s.M * s.N);
  const lda = s.transA ? s.M : s.K, ldb = s.transB ? s.K : s.N;
  const call = (): void => gemm(s.transA, s.transB, s.M, s.N, s.K, A, 0, lda, B, 0, ldb, C, 0, s.N, false);
  // Helper threads start asynchronously: give them up to a second to come up before timing.
  const pool = (getBackend() as { kernelThreads?: () => { threads(): number; parallelCalls: number } | null }).kernelThreads;
  for (let i = 0; i < 100 && threads > 1 && (pool?.()?.threads() ?? 1) < threads; i++) {
    call();
    if (pool?.() == null) break; // this size does not start helpers
    sleepSync(10);
  }
  const splitBefore = pool?.()?.parallelCalls ?? 0;
  const times = timeRepeated(call, s.M * s.N * s.K > 1e8 ? 5 : reps);
  // The backend decides by size whether a GEMM is split: say so when this one was not.
  if (threads > 1 && (pool?.()?.parallelCalls ?? 0) === splitBefore) return "runs on 1 thread (below the 2-thread size)";
  return times.map((t) => (2 * s.M * s.N * s.K) / t / 1e6);
}

export async function w5(o: BenchOptions): Promise<Measure[]> {
  const previous = getBackend().name, previousThreads = getNumThreads();
  // 1 thread: OpenBLAS at 1; 2 threads: OpenBLAS at 2 (torch's own threads do not split a GEMM).
  const torch = [torchWorkload<Record<string, number[]>>("w5", o.reps, 1), torchWorkload<Record<string, number[]>>("w5", o.reps, 2)];
  const measures: Measure[] = [];
  const torchFigure = (s: Shape, threads: 1 | 2): Measure["torch"] => {
    const r = torch[threads - 1]!;
    return typeof r === "string" ? r : s.torchKey === undefined ? "—" : r[`${s.torchKey} t${threads}`] ?? "—";
  };
  setBackend("wasm");
  // simd, or relaxed-simd (FMA) where the runtime has it (Node 20: npm run bench passes --experimental-wasm-relaxed-simd).
  const wasm = `wasm ${getBackend().variant ?? ""}`.trim();
  for (const s of shapes) {
    const tf = await tfjsMatmul(s, s.M * s.N * s.K > 1e8 ? 5 : o.reps);
    measures.push({ workload: `W5 GEMM ${wasm}, 1 thread`, measure: `${s.label}, GFLOPS`, compare: "higher is better", ours: gflops("wasm", 1, s, o.reps), tfjs: tf, torch: torchFigure(s, 1) });
    measures.push({ workload: `W5 GEMM ${wasm}, 2 threads`, measure: `${s.label}, GFLOPS`, compare: "higher is better", ours: gflops("wasm", 2, s, o.reps), tfjs: "—", torch: torchFigure(s, 2) });
    if (s.withJs !== false) measures.push({ workload: "W5 GEMM js", measure: `${s.label}, GFLOPS`, compare: "no", ours: gflops("js", 1, s, o.reps), tfjs: "", torch: "" });
  }
  setBackend(previous);
  setNumThreads(previousThreads);
  return measures;
}
