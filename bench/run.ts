/**
 * `npm run bench [-- w1 w3 … --full --json file]`: the workloads of ../shared/bench/WORKLOADS.md,
 * ours side by side with TensorFlow.js (wasm) and PyTorch (when python3 can import torch), in one
 * run, printed as one table. Never run by tests: timings do not belong there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { getBackend } from "dropout-ts";
import type { Measure } from "./measure.js";
import { type BenchOptions, full, quick } from "./options.js";
import { torchLabel } from "./peers/torch.js";
import { formatTable } from "./table.js";
import { w1 } from "./w1.js";
import { w2 } from "./w2.js";
import { w3 } from "./w3.js";
import { w4 } from "./w4.js";
import { w5 } from "./w5.js";

// Node 20 has relaxed SIMD (the FMA build of the kernels) only behind a flag; later Nodes and
// browsers have it on. Run again with the flag, so the bench measures what those runtimes get.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22 && getBackend().variant === "simd" && process.env["DROPOUT_WASM_RELAXED_SIMD"] !== "0" && !process.execArgv.includes("--experimental-wasm-relaxed-simd")) {
  const again = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const workloads: Record<string, (o: BenchOptions) => Promise<Measure[]>> = { w1, w2, w3, w4, w5 };

const { positionals, values } = parseArgs({ allowPositionals: true, options: { json: { type: "string" }, full: { type: "boolean", default: false } } });
const names = positionals.length > 0 ? positionals.map((p) => p.toLowerCase()) : Object.keys(workloads);
const unknown = names.filter((n) => !(n in workloads));
if (unknown.length > 0) {
  console.error(`bench: unknown workload ${unknown.map((n) => `"${n}"`).join(", ")}; known: ${Object.keys(workloads).join(", ")}`);
  process.exit(2);
}
const options = values.full ? full : quick;
const measures: Measure[] = [];
if (names.length > 1) {
  // One process per workload: a peer's runtime (TensorFlow.js keeps its wasm threads and memory)
  // and one workload's garbage must not slow the next workload measured in the same process.
  const dir = mkdtempSync(join(tmpdir(), "dropout-bench-"));
  for (const name of names) {
    const file = join(dir, `${name}.json`);
    const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name, "--json", file, ...(values.full ? ["--full"] : [])], { stdio: ["ignore", "ignore", "inherit"] });
    if (run.status !== 0) {
      console.error(`bench: ${name} failed (exit ${run.status})`);
      process.exit(1);
    }
    measures.push(...(JSON.parse(readFileSync(file, "utf8")) as { measures: Measure[] }).measures);
  }
  rmSync(dir, { recursive: true, force: true });
} else {
  console.error(`bench: running ${names[0]} …`);
  measures.push(...(await workloads[names[0]!]!(options)));
}
console.log(`\ndropout-ts on the ${getBackend().name} backend${getBackend().variant === undefined ? "" : ` (${getBackend().variant} build)`}; cells are median (min–max); ratios > 1 mean dropout-ts is faster.\n`);
console.log(formatTable(measures, { tfjs: "TensorFlow.js 4.22 (wasm)", torch: torchLabel() }));
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify({ options, measures }, null, 2));
