/**
 * `npm run bench -- <workload> [--json file]`: benchmarks, never run in tests. Each workload prints
 * a table; `--json` also writes the raw figures.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { matmul } from "./matmul.js";
import { w1 } from "./w1.js";

export type Rows = Record<string, string | number>[];

const workloads: Record<string, () => Promise<Rows> | Rows> = { matmul, w1 };

const { positionals, values } = parseArgs({ allowPositionals: true, options: { json: { type: "string" } } });
const names = positionals.length > 0 ? positionals : Object.keys(workloads);
const results: Record<string, Rows> = {};
for (const name of names) {
  const run = workloads[name];
  if (run === undefined) {
    console.error(`bench: unknown workload "${name}"; known: ${Object.keys(workloads).join(", ")}`);
    process.exit(2);
  }
  console.log(`\n${name}`);
  results[name] = await run();
  console.table(results[name]);
}
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2));
