/** W5: float32 GEMM throughput (2·M·N·K / s) of each backend, at the seed MLP's shapes and at 1024³. */
import { Generator, getBackend, setBackend } from "dropout-ts";
import type { Rows } from "./run.js";
import { median, spread, timeRepeated } from "./timing.js";

const shapes: { label: string; M: number; N: number; K: number; transA: boolean; transB: boolean }[] = [
  { label: "64×784×256 (MLP forward)", M: 64, N: 256, K: 784, transA: false, transB: false },
  { label: "784×256 = Xᵀ·dY (weight grad)", M: 784, N: 256, K: 64, transA: true, transB: false },
  { label: "64×784 = dY·W (input grad)", M: 64, N: 784, K: 256, transA: false, transB: true },
  { label: "1024×1024×1024", M: 1024, N: 1024, K: 1024, transA: false, transB: false },
];

export function matmul(): Rows {
  const rows: Rows = [];
  const previous = getBackend().name;
  const g = new Generator({ seed: 0 });
  for (const backend of ["js", "wasm"]) {
    setBackend(backend);
    const { gemm } = getBackend();
    for (const s of shapes) {
      const A = g.uniform(new Float32Array(s.M * s.K), -1, 1), B = g.uniform(new Float32Array(s.K * s.N), -1, 1), C = new Float32Array(s.M * s.N);
      const lda = s.transA ? s.M : s.K, ldb = s.transB ? s.K : s.N;
      const reps = s.M * s.N * s.K > 1e8 ? 5 : 25;
      const times = timeRepeated(() => gemm(s.transA, s.transB, s.M, s.N, s.K, A, 0, lda, B, 0, ldb, C, 0, s.N, false), reps);
      const gflops = times.map((t) => (2 * s.M * s.N * s.K) / t / 1e6);
      rows.push({ backend, shape: s.label, "GFLOPS (median)": Number(median(gflops).toFixed(2)), spread: spread(gflops), reps });
    }
  }
  setBackend(previous);
  return rows;
}
