/** GaussianDropout (x·ε, ε ~ N(1, p/(1 − p))) and GaussianNoise (x + N(0, std²)): moments within 5σ, exact gradients, nothing kept for backward. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, randn, Tensor } from "../../../src/index.js";
import { blocksFor, normalFill } from "../../../src/random/distributions.js";

interface NoiseCase {
  name: string;
  run(x: Tensor, training: boolean, generator: Generator): Tensor;
  /** Per-element variance of one draw. */
  variance(x: number): number;
}

const p = 0.3, sigma2 = p / (1 - p), std = 0.7;
const cases: NoiseCase[] = [
  { name: "gaussianDropout", run: (x, training, generator) => F.gaussianDropout(x, { p, training, generator }), variance: (x) => x * x * sigma2 },
  { name: "gaussianNoise", run: (x, training, generator) => F.gaussianNoise(x, { std, training, generator }), variance: () => std * std },
];

describe("Gaussian members of the dropout family", () => {
  const x = randn([5, 8], { generator: new Generator({ seed: 4 }) });
  const xs = Array.from(x.dataSync(), Number);
  for (const c of cases) {
    test(`${c.name}: E[train output] = eval output (= x) per element and overall, 5σ`, () => {
      const K = 4000, g = new Generator({ seed: 8 });
      const sum = new Float64Array(xs.length);
      for (let k = 0; k < K; k++) c.run(x, true, g).dataSync().forEach((v, i) => { sum[i]! += v; });
      xs.forEach((v, i) => assert.ok(Math.abs(sum[i]! / K - v) <= 5 * Math.sqrt(c.variance(v) / K), `${c.name}[${i}]`));
      const total = sum.reduce((s, v) => s + v, 0) / K, expected = xs.reduce((s, v) => s + v, 0);
      const sd = Math.sqrt(xs.reduce((s, v) => s + c.variance(v), 0) / K);
      assert.ok(Math.abs(total - expected) <= 5 * sd, `${c.name}: overall ${total} vs ${expected}`);
      assert.deepEqual(c.run(x, false, g).dataSync(), x.dataSync());
    });

    test(`${c.name}: the sample variance of one draw matches (5σ of its chi-square spread)`, () => {
      // (y − x)/√Var(y) is standard normal: its mean square over n values has sd √(2/n).
      const big = randn([200, 100], { generator: new Generator({ seed: 12 }) }).add(2);
      const bx = big.dataSync(), y = c.run(big, true, new Generator({ seed: 13 })).dataSync();
      let ms = 0;
      for (let i = 0; i < y.length; i++) ms += (y[i]! - bx[i]!) ** 2 / c.variance(bx[i]!);
      ms /= y.length;
      assert.ok(Math.abs(ms - 1) <= 5 * Math.sqrt(2 / y.length), `${c.name}: mean square ${ms}`);
    });

    test(`${c.name}: same seed same noise, new call new noise; gradient exact from the regenerated noise; 0 bytes kept`, () => {
      assert.deepEqual(c.run(x, true, new Generator({ seed: 1 })).dataSync(), c.run(x, true, new Generator({ seed: 1 })).dataSync());
      const g = new Generator({ seed: 1 });
      assert.notDeepEqual(c.run(x, true, g).dataSync(), c.run(x, true, g).dataSync());
      const leaf = x.clone().requiresGrad_();
      const y = c.run(leaf, true, new Generator({ seed: 30 }));
      assert.equal(y.gradFn!.savedBytes(), 0);
      const cot = randn([5, 8], { generator: new Generator({ seed: 31 }) });
      y.mul(cot).sum().backward();
      const r = new Generator({ seed: 30 }).reserve(blocksFor(40));
      const eps = new Float32Array(40);
      normalFill(eps, r.key0, r.key1, r.offset, 1, Math.sqrt(sigma2));
      const cv = cot.dataSync(), gx = leaf.grad!.dataSync();
      for (let i = 0; i < 40; i++) assert.equal(gx[i], c.name === "gaussianNoise" ? cv[i] : Math.fround(cv[i]! * eps[i]!));
    });
  }

  test("p = 0 and std = 0 are the identity in training", () => {
    assert.equal(F.gaussianDropout(x, { p: 0, training: true }), x);
    assert.equal(F.gaussianNoise(x, { std: 0, training: true }), x);
  });
});
