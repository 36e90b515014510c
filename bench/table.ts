/** The side-by-side table: median (min–max) per library, then how many times faster dropout-ts is. */
import type { Figure, Measure } from "./measure.js";
import { median } from "./timing.js";

const digits = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

function cell(f: Figure): string {
  if (typeof f === "string") return f;
  if (f.length === 1) return digits(f[0]!);
  return `${digits(median(f))} (${digits(Math.min(...f))}–${digits(Math.max(...f))})`;
}

/** ours/peer or peer/ours so that > 1 always means dropout-ts is faster. */
function ratio(m: Measure, peer: Figure): string {
  if (m.compare === "no" || typeof peer === "string" || typeof m.ours === "string") return "";
  const r = m.compare === "lower is better" ? median(peer) / median(m.ours) : median(m.ours) / median(peer);
  return `${r.toFixed(2)}×`;
}

/** A Markdown table, so it reads in a terminal and pastes into the README. */
export function formatTable(measures: readonly Measure[], peers: { tfjs: string; torch: string }): string {
  const header = ["workload", "measure", "dropout-ts", peers.tfjs, peers.torch, "vs TF.js", "vs PyTorch"];
  const rows = measures.map((m) => [m.workload, m.measure, cell(m.ours), cell(m.tfjs), cell(m.torch), ratio(m, m.tfjs), ratio(m, m.torch)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
