/** Runs a workload in PyTorch (bench/peers/torch_bench.py) when python3 can import torch; else says why not. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { datasets } from "dropout-ts";

const script = join(dirname(fileURLToPath(import.meta.url)), "torch_bench.py");
let python: string | null | undefined;

/** "PyTorch 1.13.0 (OpenBLAS)" or "PyTorch" when it is not installed. */
export function torchLabel(): string {
  const py = findPython();
  if (py === null) return "PyTorch";
  const version = spawnSync(py, ["-c", "import torch; print(torch.__version__.split('a')[0].split('+')[0])"], { encoding: "utf8" }).stdout.trim();
  return `PyTorch ${version} (CPU)`;
}

function findPython(): string | null {
  // Debian's python3-torch lives in the system python; prefer it over other pythons on PATH.
  python ??= ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import torch"], { stdio: "ignore" }).status === 0) ?? null;
  return python;
}

/**
 * PyTorch's figures for a workload. Its fastest setting here for training is torch at 2 threads and
 * OpenBLAS at 1 (WORKLOADS.md); a bare 2-thread GEMM needs OpenBLAS at 2 (`openblasThreads`).
 */
export function torchWorkload<T>(name: string, count: number, openblasThreads = 1): T | string {
  const py = findPython();
  if (py === null) return "not installed";
  const run = spawnSync(py, [script, name, String(count), datasets.defaultDataDir() ?? ""], { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: String(openblasThreads) }, timeout: 30 * 60_000 });
  if (run.status !== 0) return `failed (${(run.stderr || "").trim().split("\n").at(-1)})`;
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as T;
}
