/**
 * The dropout family's deterministic parts against PyTorch 1.13 / torchvision 0.14
 * (tools/golden_dropout.py → test/golden/dropout.json): scaling and alpha constants, eval paths,
 * DropBlock's γ and its square-from-seed layout and renormalisation.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { F, Generator, nn, tensor, Tensor } from "../../src/index.js";
import { blockKeepMask } from "../../src/nn/functional/drop-block.js";

interface MaskedCase { fn: "dropout" | "alphaDropout" | "featureAlphaDropout"; p: number; shape: number[]; input: number[]; output: number[] }
interface EvalCase { module: string; p: number; shape: number[]; input: number[]; output: number[] }
interface DropBlockCase { shape: [number, number, number, number]; p: number; blockSize: number; gamma: number; input: number[]; seeds: number[]; output: number[] }
const golden = JSON.parse(readFileSync(new URL("../golden/dropout.json", import.meta.url), "utf8")) as { masked: MaskedCase[]; eval: EvalCase[]; dropBlock: DropBlockCase[] };

const f64 = (data: number[], shape: number[]): Tensor => tensor(Float64Array.from(data)).reshape(shape);
const near = (a: number, b: number, tol = 1e-12): boolean => Math.abs(a - b) <= tol * (1 + Math.abs(b));

describe("dropout family against PyTorch golden values", () => {
  for (const c of golden.masked) {
    test(`${c.fn}(p=${c.p}): PyTorch's every output is our kept or dropped value, and ours equals PyTorch's wherever both masks agree`, () => {
      // The two values an element can take, from our constants.
      const { a, b } = c.fn === "dropout" ? { a: 1 / (1 - c.p), b: 0 } : F.alphaDropoutAffine(c.p);
      const droppedValue = c.fn === "dropout" ? 0 : a * F.ALPHA_DROPOUT_SATURATION + b;
      const keptOf = (x: number): number => a * x + b;
      const theirs = c.output.map((y, i) => {
        if (near(y, keptOf(c.input[i]!))) return true;
        assert.ok(near(y, droppedValue), `PyTorch [${i}] = ${y} is neither kept ${keptOf(c.input[i]!)} nor dropped ${droppedValue}`);
        return false;
      });
      const x = f64(c.input, c.shape);
      const ours = F[c.fn](x, { p: c.p, training: true, generator: new Generator({ seed: 1 }) }).dataSync();
      let agreeing = 0;
      ours.forEach((y, i) => {
        const kept = near(y, keptOf(c.input[i]!)) && !(c.fn === "dropout" && c.input[i] === 0);
        if (kept !== theirs[i]) return;
        assert.ok(near(y, c.output[i]!), `[${i}] ours ${y} vs PyTorch ${c.output[i]}`);
        agreeing++;
      });
      assert.ok(agreeing > ours.length / 4, `compared ${agreeing} of ${ours.length}`);
      if (c.fn === "featureAlphaDropout") {
        // One mask value per (sample, channel), in PyTorch's output and in ours.
        const per = c.shape.slice(2).reduce((s, v) => s * v, 1);
        for (const mask of [theirs, Array.from(ours, (y, i) => near(y, keptOf(c.input[i]!)))]) {
          for (let k = 0; k < mask.length; k += per) assert.ok(mask.slice(k, k + per).every((v) => v === mask[k]), `channel ${k / per}`);
        }
      }
    });
  }

  const modules: Record<string, (p: number) => nn.Module> = {
    Dropout: (p) => new nn.Dropout(p), Dropout1d: (p) => new nn.Dropout1d(p), Dropout2d: (p) => new nn.Dropout2d(p), Dropout3d: (p) => new nn.Dropout3d(p),
    AlphaDropout: (p) => new nn.AlphaDropout(p), FeatureAlphaDropout: (p) => new nn.FeatureAlphaDropout(p),
  };
  test("eval paths are the identity, as PyTorch's", () => {
    for (const c of golden.eval) {
      const layer = modules[c.module]!(c.p).eval();
      assert.deepEqual(Array.from((layer.forward(f64(c.input, c.shape)) as Tensor).dataSync()), c.output, c.module);
    }
  });

  for (const c of golden.dropBlock) {
    test(`DropBlock2d ${JSON.stringify(c.shape)}, p=${c.p}, blockSize=${c.blockSize}: torchvision's γ, squares from its seeds, its renormalisation`, () => {
      const [n, ch, h, w] = c.shape;
      assert.ok(near(F.dropBlockGamma(c.p, c.blockSize, h, w), c.gamma, 1e-15), "γ");
      const { keep, kept } = blockKeepMask(c.seeds, n * ch, h, w, c.blockSize);
      const scale = (n * ch * h * w) / kept;
      c.output.forEach((y, i) => {
        const ours = (keep[i >>> 5]! >>> (i & 31)) & 1 ? c.input[i]! * scale : 0;
        // torchvision divides by (kept + 1e-6) in float32: agreement to float32 rounding.
        assert.ok(Math.abs(ours - y) <= 1e-6 * (1 + Math.abs(y)), `[${i}] ours ${ours} vs torchvision ${y}`);
      });
    });
  }
});
