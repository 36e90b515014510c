/** W5: float32 GEMM throughput (2·M·N·K / s) at the seed MLP's shapes and at 1024³, on each of our backends and the peers. */
import { Generator, getBackend, setBackend } from "dropout-ts";
import type { Measure } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { tfjsMatmul } from "./peers/tfjs-ops.js";
import { torchWorkload } from "./peers/torch.js";
import { timeRepeated } from "./timing.js";

interface Shape { label: string; M: number; N: number; K: number; transA: boolean; transB: boolean; torchKey?: string }
const shapes: Shape[] = [
  { label: "64×784×256 (MLP forward)", M: 64, N: 256, K: 784, transA: false, transB: false, torchKey: "64x784x256" },
  { label: "Xᵀ·dY 784×64×256 (weight grad)", M: 784, N: 256, K: 64, transA: true, transB: false, torchKey: "784x64x256 tA" },
  { label: "dY·Wᵀ 64×256×784 (input grad)", M: 64, N: 784, K: 256, transA: false, transB: true, torchKey: "64x256x784 tB" },
  { label: "1024×1024×1024", M: 1024, N: 1024, K: 1024, transA: false, transB: false, torchKey: "1024x1024x1024" },
];

function gflops(backend: string, s: Shape, reps: number): number[] {
  setBackend(backend);
  const { gemm } = getBackend();
  const g = new Generator({ seed: 0 });
  const A = g.uniform(new Float32Array(s.M * s.K), -1, 1), B = g.uniform(new Float32Array(s.K * s.N), -1, 1), C = new Float32Array(s.M * s.N);
  const lda = s.transA ? s.M : s.K, ldb = s.transB ? s.K : s.N;
  const times = timeRepeated(() => gemm(s.transA, s.transB, s.M, s.N, s.K, A, 0, lda, B, 0, ldb, C, 0, s.N, false), s.M * s.N * s.K > 1e8 ? 5 : reps);
  return times.map((t) => (2 * s.M * s.N * s.K) / t / 1e6);
}

export async function w5(o: BenchOptions): Promise<Measure[]> {
  const previous = getBackend().name;
  const torch = torchWorkload<Record<string, number[]>>("w5", o.reps);
  const measures: Measure[] = [];
  for (const s of shapes) {
    const tf = await tfjsMatmul(s, s.M * s.N * s.K > 1e8 ? 5 : o.reps);
    const t1 = s.torchKey === undefined || typeof torch === "string" ? (typeof torch === "string" ? torch : "—") : torch[`${s.torchKey} t1`]!;
    for (const backend of ["wasm", "js"]) {
      measures.push({ workload: `W5 GEMM ${backend} 1 thread`, measure: `${s.label}, GFLOPS`, compare: "higher is better", ours: gflops(backend, s, o.reps), tfjs: backend === "wasm" ? tf : "", torch: backend === "wasm" ? t1 : "" });
    }
  }
  setBackend(previous);
  if (typeof torch !== "string") {
    for (const key of ["64x784x256", "784x64x256 tA", "64x256x784 tB", "1024x1024x1024"]) {
      measures.push({ workload: "W5 GEMM 2 threads", measure: `${key}, GFLOPS`, compare: "higher is better", ours: "not yet (threads are the next step)", tfjs: "—", torch: torch[`${key} t2`]! });
    }
  }
  return measures;
}
