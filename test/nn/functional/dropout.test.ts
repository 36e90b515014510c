/**
 * The mask-based dropout variants, proven by their distribution. Each case says, per element, the
 * value a kept and a dropped unit takes and which mask unit (group) it reads; every bound below is
 * derived from that: for y_i = kept_i·m_g + dropped_i·(1 − m_g), m_g ~ Bernoulli(q = 1 − p),
 *   E[y_i] = q·kept_i + (1 − q)·dropped_i,  Var(y_i) = q(1 − q)(kept_i − dropped_i)²,
 *   Var(Σ_i y_i) = q(1 − q)·Σ_g (Σ_{i∈g} (kept_i − dropped_i))².
 * Bounds are 5σ of the mean over K draws, with fixed seeds.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, randn, Tensor } from "../../../src/index.js";
import { maskBlocks } from "../../../src/nn/functional/dropout-mask.js";
import { dropMaskBits } from "../../../src/random/distributions.js";

interface MaskCase {
  name: string;
  shape: number[];
  /** The mask's shape: x's, with 1 along shared dims. */
  maskShape: number[];
  p: number;
  run(x: Tensor, training: boolean, generator?: Generator): Tensor;
  kept(x: number): number;
  dropped(x: number): number;
  /** The eval output for one element. */
  evalValue(x: number): number;
  /** E[train] = eval for this variant (false only for AlphaDropout: see its own test). */
  unbiased: boolean;
}

const inv = (p: number) => (x: number): number => x / (1 - p);
const zero = (): number => 0;
const same = (x: number): number => x;
const { a: alphaA, b: alphaB } = F.alphaDropoutAffine(0.2);
const alphaDropped = alphaA * F.ALPHA_DROPOUT_SATURATION + alphaB;

const cases: MaskCase[] = [
  { name: "dropout", shape: [4, 16], maskShape: [4, 16], p: 0.3, run: (x, training, generator) => F.dropout(x, { p: 0.3, training, ...(generator ? { generator } : {}) }), kept: inv(0.3), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropout classic", shape: [4, 16], maskShape: [4, 16], p: 0.3, run: (x, training, generator) => F.dropout(x, { p: 0.3, training, scaling: "classic", ...(generator ? { generator } : {}) }), kept: same, dropped: zero, evalValue: (x) => x * Math.fround(0.7), unbiased: true },
  { name: "dropout noiseShape [4, 1]", shape: [4, 16], maskShape: [4, 1], p: 0.4, run: (x, training, generator) => F.dropout(x, { p: 0.4, training, noiseShape: [null, 1], ...(generator ? { generator } : {}) }), kept: inv(0.4), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropout1d", shape: [3, 4, 6], maskShape: [3, 4, 1], p: 0.5, run: (x, training, generator) => F.dropout1d(x, { p: 0.5, training, ...(generator ? { generator } : {}) }), kept: inv(0.5), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropout2d", shape: [2, 4, 3, 3], maskShape: [2, 4, 1, 1], p: 0.25, run: (x, training, generator) => F.dropout2d(x, { p: 0.25, training, ...(generator ? { generator } : {}) }), kept: inv(0.25), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropout2d unbatched", shape: [5, 2, 3], maskShape: [5, 1, 1], p: 0.25, run: (x, training, generator) => F.dropout2d(x, { p: 0.25, training, ...(generator ? { generator } : {}) }), kept: inv(0.25), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropout3d", shape: [2, 3, 2, 2, 2], maskShape: [2, 3, 1, 1, 1], p: 0.5, run: (x, training, generator) => F.dropout3d(x, { p: 0.5, training, ...(generator ? { generator } : {}) }), kept: inv(0.5), dropped: zero, evalValue: same, unbiased: true },
  { name: "dropPath", shape: [6, 3, 4], maskShape: [6, 1, 1], p: 0.2, run: (x, training, generator) => F.dropPath(x, { p: 0.2, training, ...(generator ? { generator } : {}) }), kept: inv(0.2), dropped: zero, evalValue: same, unbiased: true },
  { name: "lockedDropout [T, N, C]", shape: [5, 3, 4], maskShape: [1, 3, 4], p: 0.3, run: (x, training, generator) => F.lockedDropout(x, { p: 0.3, training, ...(generator ? { generator } : {}) }), kept: inv(0.3), dropped: zero, evalValue: same, unbiased: true },
  { name: "lockedDropout batchFirst", shape: [3, 5, 4], maskShape: [3, 1, 4], p: 0.3, run: (x, training, generator) => F.lockedDropout(x, { p: 0.3, training, batchFirst: true, ...(generator ? { generator } : {}) }), kept: inv(0.3), dropped: zero, evalValue: same, unbiased: true },
  { name: "alphaDropout", shape: [4, 16], maskShape: [4, 16], p: 0.2, run: (x, training, generator) => F.alphaDropout(x, { p: 0.2, training, ...(generator ? { generator } : {}) }), kept: (x) => alphaA * x + alphaB, dropped: () => alphaDropped, evalValue: same, unbiased: false },
  { name: "alphaDropout noiseShape [4, 1]", shape: [4, 16], maskShape: [4, 1], p: 0.2, run: (x, training, generator) => F.alphaDropout(x, { p: 0.2, training, noiseShape: [null, 1], ...(generator ? { generator } : {}) }), kept: (x) => alphaA * x + alphaB, dropped: () => alphaDropped, evalValue: same, unbiased: false },
  { name: "featureAlphaDropout", shape: [3, 4, 5], maskShape: [3, 4, 1], p: 0.2, run: (x, training, generator) => F.featureAlphaDropout(x, { p: 0.2, training, ...(generator ? { generator } : {}) }), kept: (x) => alphaA * x + alphaB, dropped: () => alphaDropped, evalValue: same, unbiased: false },
];

/** An input away from 0, so a dropped unit (0) is never confused with a kept one. */
function input(shape: number[], seed: number): Tensor {
  const t = randn(shape, { generator: new Generator({ seed }) });
  return t.add(t.sign().mul(0.5)).add(t.eq(0).mul(1));
}

/** The mask index each element of x reads (strides of the mask shape, 0 where shared). */
function groupIndex(shape: number[], maskShape: number[]): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const strides: number[] = [];
  let s = 1;
  for (let d = maskShape.length - 1; d >= 0; d--) { strides[d] = maskShape[d] === 1 ? 0 : s; s *= maskShape[d]!; }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let rest = i, g = 0;
    for (let d = shape.length - 1; d >= 0; d--) { g += (rest % shape[d]!) * strides[d]!; rest = Math.floor(rest / shape[d]!); }
    out.push(g);
  }
  return out;
}

const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

describe("dropout family: distribution (5σ bounds, fixed seeds)", () => {
  for (const c of cases) {
    test(`${c.name}: E[train output] matches its expectation per element and overall; dropped fraction is p`, () => {
      const x = input(c.shape, 7);
      const xs = Array.from(x.dataSync(), Number);
      const groups = groupIndex(c.shape, c.maskShape);
      const q = 1 - c.p, K = 3000;
      const sum = new Float64Array(xs.length);
      const generator = new Generator({ seed: 11 });
      let droppedUnits = 0;
      const nGroups = numel(c.maskShape);
      for (let k = 0; k < K; k++) {
        const y = Array.from(c.run(x, true, generator).dataSync(), Number);
        const state = new Map<number, boolean>();
        y.forEach((v, i) => {
          sum[i]! += v;
          const isDropped = Math.abs(v - c.dropped(xs[i]!)) < 1e-6 && Math.abs(v - c.kept(xs[i]!)) > 1e-6;
          const g = groups[i]!;
          // One mask unit: every element of a group is kept or dropped together.
          if (state.has(g)) assert.equal(state.get(g), isDropped, `${c.name}: group ${g} is not uniform`);
          state.set(g, isDropped);
        });
        for (const d of state.values()) if (d) droppedUnits++;
      }
      const diffs = xs.map((v) => c.kept(v) - c.dropped(v));
      xs.forEach((v, i) => {
        const expected = q * c.kept(v) + (1 - q) * c.dropped(v);
        if (c.unbiased) assert.ok(Math.abs(expected - c.evalValue(v)) < 1e-6 * Math.max(1, Math.abs(v)), `${c.name}: E[train] = eval by construction`);
        const sd = Math.sqrt((q * (1 - q) * diffs[i]! ** 2) / K);
        assert.ok(Math.abs(sum[i]! / K - expected) <= 5 * sd + 1e-6, `${c.name}[${i}]: mean ${sum[i]! / K} vs ${expected} (5σ = ${5 * sd})`);
      });
      const byGroup = new Map<number, number>();
      groups.forEach((g, i) => byGroup.set(g, (byGroup.get(g) ?? 0) + diffs[i]!));
      const varTotal = q * (1 - q) * [...byGroup.values()].reduce((s, d) => s + d * d, 0);
      const expectedTotal = xs.reduce((s, v) => s + q * c.kept(v) + (1 - q) * c.dropped(v), 0);
      const total = sum.reduce((s, v) => s + v, 0) / K;
      assert.ok(Math.abs(total - expectedTotal) <= 5 * Math.sqrt(varTotal / K), `${c.name}: overall ${total} vs ${expectedTotal}`);
      const fraction = droppedUnits / (K * nGroups);
      assert.ok(Math.abs(fraction - c.p) <= 5 * Math.sqrt((c.p * q) / (K * nGroups)), `${c.name}: dropped fraction ${fraction} vs p = ${c.p}`);
    });

    test(`${c.name}: eval output, p = 0 identity, same seed same mask, new call and new seed new mask`, () => {
      const x = input(c.shape, 3);
      assert.deepEqual(Array.from(c.run(x, false).dataSync()), Array.from(x.dataSync(), (v) => Math.fround(c.evalValue(v))));
      const a = c.run(x, true, new Generator({ seed: 5 })).dataSync();
      assert.deepEqual(c.run(x, true, new Generator({ seed: 5 })).dataSync(), a);
      assert.notDeepEqual(c.run(x, true, new Generator({ seed: 6 })).dataSync(), a);
      const g = new Generator({ seed: 5 });
      const first = c.run(x, true, g).dataSync();
      assert.notDeepEqual(c.run(x, true, g).dataSync(), first);
    });

    test(`${c.name}: gradient = mask × scale, exactly, from the regenerated mask; bits kept ≤ 1 per mask unit, or none`, () => {
      const x = input(c.shape, 9).requiresGrad_();
      const cot = randn(c.shape, { generator: new Generator({ seed: 2 }) });
      const groups = groupIndex(c.shape, c.maskShape);
      const r = new Generator({ seed: 21 }).reserve(maskBlocks(c.maskShape));
      const bits = dropMaskBits(numel(c.maskShape), c.p, r.key0, r.key1, r.offset);
      // The factor kept units' gradients get: 1/(1 − p), 1 for classic, a for alpha.
      const scale = c.name.includes("lpha") ? alphaA : c.name.includes("classic") ? 1 : 1 / (1 - c.p);
      const grads: Float32Array[] = [];
      for (const maskStorage of ["bits", "regenerate"] as const) {
        x.grad = null;
        const y = runWithStorage(c, x, new Generator({ seed: 21 }), maskStorage);
        const words = Math.ceil(numel(c.maskShape) / 32);
        assert.equal(y.gradFn!.savedBytes(), maskStorage === "bits" ? 4 * words : 0, `${c.name} ${maskStorage}`);
        y.mul(cot).sum().backward();
        const gx = x.grad!.dataSync() as Float32Array;
        const cv = cot.dataSync();
        groups.forEach((gIdx, i) => {
          const kept = (bits[gIdx >>> 5]! >>> (gIdx & 31)) & 1;
          assert.equal(gx[i], kept ? Math.fround(cv[i]! * scale) : 0, `${c.name} ${maskStorage}: grad[${i}]`);
        });
        grads.push(gx);
      }
      assert.deepEqual(grads[0], grads[1]);
    });
  }
});

function runWithStorage(c: MaskCase, x: Tensor, generator: Generator, maskStorage: "bits" | "regenerate"): Tensor {
  const o = { p: c.p, training: true, generator, maskStorage };
  switch (c.name) {
    case "dropout": return F.dropout(x, o);
    case "dropout classic": return F.dropout(x, { ...o, scaling: "classic" });
    case "dropout noiseShape [4, 1]": return F.dropout(x, { ...o, noiseShape: [null, 1] });
    case "dropout1d": return F.dropout1d(x, o);
    case "dropout2d": case "dropout2d unbatched": return F.dropout2d(x, o);
    case "dropout3d": return F.dropout3d(x, o);
    case "dropPath": return F.dropPath(x, o);
    case "lockedDropout [T, N, C]": return F.lockedDropout(x, o);
    case "lockedDropout batchFirst": return F.lockedDropout(x, { ...o, batchFirst: true });
    case "alphaDropout": return F.alphaDropout(x, o);
    case "alphaDropout noiseShape [4, 1]": return F.alphaDropout(x, { ...o, noiseShape: [null, 1] });
    case "featureAlphaDropout": return F.featureAlphaDropout(x, o);
    default: throw new Error(`no case ${c.name}`);
  }
}
