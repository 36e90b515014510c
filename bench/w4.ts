/**
 * W4: the dropout op on x of shape [256, 4096] float32, p = 0.5, training: ns per element for the
 * forward and for forward + backward of y.sum() (minus the x.sum() baseline), bytes kept for
 * backward per element, and the eval-mode call overhead of nn.Dropout.
 */
import { F, nn, randn, tidy, type Tensor } from "dropout-ts";
import type { Figure, Measure } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { tfjsDropout } from "./peers/tfjs-ops.js";
import { torchWorkload } from "./peers/torch.js";
import { median, sleepSync, timeRepeated } from "./timing.js";

interface TorchW4 { forwardNs: number[]; forwardBackwardNs: number[]; savedBytesPerElement: number; evalOverheadUs: number[] }

function ours(reps: number, maskStorage: "bits" | "regenerate"): { forwardNs: number[]; forwardBackwardNs: number[]; savedBytesPerElement: number } {
  const x = randn([256, 4096]);
  const n = x.numel();
  const options = { p: 0.5, training: true, maskStorage } as const;
  // Helper threads start asynchronously on the first large op: let them come up before timing.
  for (const end = performance.now() + 300; performance.now() < end;) {
    F.dropout(x, options);
    sleepSync(5);
  }
  // Each repetition in a memory scope (as README recommends for loops): its 4 MiB tensors go back
  // to the arena at once, so every repetition runs on resident memory, none after a GC's pause.
  const forwardNs = timeRepeated(() => tidy(() => { F.dropout(x, options); }), reps).map((ms) => (ms * 1e6) / n);
  const leaf = x.detach().requiresGrad_();
  const base = median(timeRepeated(() => tidy(() => { leaf.sum().backward(); leaf.grad = null; }), reps));
  const both = timeRepeated(() => tidy(() => { F.dropout(leaf, options).sum().backward(); leaf.grad = null; }), reps);
  const y: Tensor = F.dropout(leaf, options);
  return { forwardNs, forwardBackwardNs: both.map((ms) => ((ms - base) * 1e6) / n), savedBytesPerElement: y.gradFn!.savedBytes() / n };
}

export async function w4(o: BenchOptions): Promise<Measure[]> {
  const bits = ours(o.reps, "bits"), regenerate = ours(o.reps, "regenerate");
  const layer = new nn.Dropout(0.5).eval(), small = randn([4]);
  const evalUs = timeRepeated(() => { layer.forward(small); }, Math.max(o.reps, 200)).map((ms) => ms * 1000);
  const tf = await tfjsDropout(o.reps);
  const torch = torchWorkload<TorchW4>("w4", o.reps);
  const peer = <K extends keyof TorchW4 & keyof Exclude<typeof tf, string>>(r: typeof tf | TorchW4 | string, key: K): Figure => (typeof r === "string" ? r : (r as Record<K, number[]>)[key]);
  return [
    { workload: "W4 dropout [256, 4096]", measure: "forward, ns per element", compare: "lower is better", ours: bits.forwardNs, tfjs: peer(tf, "forwardNs"), torch: peer(torch, "forwardNs") },
    { workload: "W4 dropout [256, 4096]", measure: "forward + backward, ns per element", compare: "lower is better", ours: bits.forwardBackwardNs, tfjs: peer(tf, "forwardBackwardNs"), torch: peer(torch, "forwardBackwardNs") },
    { workload: "W4 dropout [256, 4096]", measure: "forward + backward, mask regenerated", compare: "lower is better", ours: regenerate.forwardBackwardNs, tfjs: "—", torch: "—" },
    { workload: "W4 dropout [256, 4096]", measure: "bytes kept for backward per element", compare: "no", ours: [bits.savedBytesPerElement], tfjs: "—", torch: typeof torch === "string" ? torch : [torch.savedBytesPerElement] },
    { workload: "W4 dropout [256, 4096]", measure: "bytes kept, mask regenerated", compare: "no", ours: [regenerate.savedBytesPerElement], tfjs: "—", torch: "—" },
    { workload: "W4 dropout", measure: "eval-mode call, µs", compare: "lower is better", ours: evalUs, tfjs: "—", torch: typeof torch === "string" ? torch : torch.evalOverheadUs },
  ];
}
