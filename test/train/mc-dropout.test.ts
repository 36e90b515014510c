/** mcPredict: Monte-Carlo dropout's mean, variance, entropy and mutual information; module modes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, mcPredict, nn, noGrad, randn, Tensor } from "../../src/index.js";

const seeded = (seed: number): { generator: Generator } => ({ generator: new Generator({ seed }) });

/** Records the training flag it sees at each forward. */
class ModeProbe extends nn.Module {
  seen: boolean[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push(this.training);
    return x;
  }
}

class Thrower extends nn.Module {
  forward(): Tensor {
    throw new Error("boom");
  }
}

describe("mcPredict", () => {
  test("no dropout layer: variance exactly 0, mean = the eval output, mutual information 0", () => {
    const model = new nn.Sequential(new nn.Linear(5, 3, seeded(1)));
    const x = randn([4, 5], seeded(2));
    const { mean, variance, entropy, mutualInformation } = mcPredict(model, x, { samples: 8 });
    assert.ok(variance.dataSync().every((v) => v === 0));
    assert.ok(mutualInformation.dataSync().every((v) => v === 0));
    const probs = noGrad(() => F.softmax(model.forward(x) as Tensor, -1)).dataSync();
    mean.dataSync().forEach((v, i) => assert.ok(Math.abs(v - probs[i]!) < 1e-6));
    const h = Array.from({ length: 4 }, (_, r) => -[0, 1, 2].reduce((s, c) => s + probs[r * 3 + c]! * Math.log(probs[r * 3 + c]!), 0));
    entropy.dataSync().forEach((v, r) => assert.ok(Math.abs(v - h[r]!) < 1e-5, `row ${r}`));
    assert.deepEqual(entropy.shape, [4]);
  });

  test("with dropout: the figures are the sample mean and population variance of the passes a training-mode model gives", () => {
    const model = new nn.Sequential(new nn.Linear(5, 6, seeded(1)), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(6, 3, seeded(3)));
    const x = randn([4, 5], seeded(2));
    const T = 16;
    const got = mcPredict(model, x, { samples: T, generator: new Generator({ seed: 9 }) });
    assert.equal(model.training, true, "mode restored");
    // The same passes by hand: only the dropout layer draws from the generator.
    const dropout = model.at(2) as nn.Dropout;
    const own = dropout.generator;
    (dropout as { generator: Generator | undefined }).generator = new Generator({ seed: 9 });
    const passes = noGrad(() => Array.from({ length: T }, () => F.softmax(model.forward(x) as Tensor, -1).dataSync()));
    (dropout as { generator: Generator | undefined }).generator = own;
    const mean = got.mean.dataSync(), variance = got.variance.dataSync();
    for (let i = 0; i < 12; i++) {
      const m = passes.reduce((s, p) => s + p[i]!, 0) / T;
      const v = passes.reduce((s, p) => s + (p[i]! - m) ** 2, 0) / T;
      assert.ok(Math.abs(mean[i]! - m) < 1e-6 && Math.abs(variance[i]! - v) < 1e-6, `[${i}]`);
    }
    assert.ok(variance.some((v) => v > 0), "the passes differ");
    // Mutual information: H[mean] − mean of the pass entropies, ≥ 0 by concavity.
    for (let r = 0; r < 4; r++) {
      const H = (p: ArrayLike<number>): number => -[0, 1, 2].reduce((s, c) => s + p[r * 3 + c]! * Math.log(p[r * 3 + c]!), 0);
      const mi = H(mean) - passes.reduce((s, p) => s + H(p), 0) / T;
      assert.ok(Math.abs(got.mutualInformation.dataSync()[r]! - mi) < 1e-5, `mi row ${r}`);
      assert.ok(got.mutualInformation.dataSync()[r]! > 0);
    }
  });

  test("for a linear model the mean converges to the eval output as samples grow (5σ of the mask variance)", () => {
    const p = 0.5;
    const linear = new nn.Linear(6, 2, seeded(4));
    const model = new nn.Sequential(new nn.Dropout(p), linear);
    const x = randn([3, 6], seeded(5));
    model.eval();
    const expected = noGrad(() => model.forward(x) as Tensor).dataSync();
    const w = linear.weight.dataSync(), xs = x.dataSync();
    let previousError = Infinity;
    for (const samples of [50, 5000]) {
      const { mean } = mcPredict(model, x, { samples, apply: "none", generator: new Generator({ seed: 6 }) });
      let worst = 0;
      for (let n = 0; n < 3; n++) {
        for (let o = 0; o < 2; o++) {
          // Var of one pass: Σ_j (w_oj·x_j)²·p/(1 − p); the mean of T passes has Var/T.
          let v = 0;
          for (let j = 0; j < 6; j++) v += (w[o * 6 + j]! * xs[n * 6 + j]!) ** 2 * (p / (1 - p));
          const err = Math.abs(mean.dataSync()[n * 2 + o]! - expected[n * 2 + o]!);
          assert.ok(err <= 5 * Math.sqrt(v / samples) + 1e-6, `T=${samples} out[${n},${o}] off by ${err}`);
          worst = Math.max(worst, err);
        }
      }
      assert.ok(worst < previousError, `T=${samples}: error ${worst} shrinks`);
      previousError = worst;
    }
    assert.equal(model.training, false, "eval mode restored");
  });

  test("only dropout-family modules are switched to training; every mode is restored, also when the forward throws", () => {
    const probe = new ModeProbe();
    const norm = new nn.BatchNorm1d(4);
    const model = new nn.Sequential(norm, probe, new nn.Dropout(0.3), new nn.GaussianNoise(0.1));
    model.at(2).eval(); // a mixed state that must come back exactly
    const modes = (): boolean[] => model.modules().map((m) => m.training);
    const before = modes();
    mcPredict(model, randn([5, 4], seeded(7)), { samples: 3 });
    assert.deepEqual(probe.seen, [false, false, false]);
    assert.deepEqual(modes(), before);
    const broken = new nn.Sequential(new nn.Dropout(0.3), new Thrower());
    broken.at(0).eval();
    const brokenBefore = broken.modules().map((m) => m.training);
    assert.throws(() => mcPredict(broken, randn([2, 3]), { samples: 2 }), /boom/);
    assert.deepEqual(broken.modules().map((m) => m.training), brokenBefore);
  });

  test("bad options are refused", () => {
    const model = new nn.Sequential(new nn.Linear(2, 2));
    assert.throws(() => mcPredict(model, randn([1, 2]), { samples: 0 }), { name: "ValueError", message: /mcPredict: expected samples/ });
    assert.throws(() => mcPredict(model, randn([1, 2]), { samples: 2, apply: "sigmoid" as never }), {
      name: "ValueError",
      message: 'mcPredict: expected apply "softmax" or "none", got "sigmoid".',
    });
  });
});
