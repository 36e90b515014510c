/** The dropout family as modules: train/eval, p = 1, in place, reprs, whole-run reproducibility, classic ≡ inverted, AlphaDropout's moments, DropConnect, ConcreteDropout. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, manualSeed, nn, noGrad, optim, randn, Tensor, tensor } from "../../../src/index.js";

const seeded = (seed: number): { generator: Generator } => ({ generator: new Generator({ seed }) });

describe("dropout-family modules", () => {
  const layers = (): [string, nn.Module, number[]][] => [
    ["Dropout", new nn.Dropout(1), [4, 6]],
    ["Dropout1d", new nn.Dropout1d(1), [2, 3, 4]],
    ["Dropout2d", new nn.Dropout2d(1), [2, 3, 2, 2]],
    ["Dropout3d", new nn.Dropout3d(1), [2, 3, 2, 2, 2]],
    ["AlphaDropout", new nn.AlphaDropout(1), [4, 6]],
    ["FeatureAlphaDropout", new nn.FeatureAlphaDropout(1), [2, 3, 4]],
    ["DropPath", new nn.DropPath(1), [4, 6]],
    ["LockedDropout", new nn.LockedDropout(1), [3, 2, 4]],
    ["DropBlock2d", new nn.DropBlock2d(1, 2), [2, 3, 4, 4]],
  ];

  test("p = 1 gives zeros and zero gradients in training; eval is the identity", () => {
    for (const [name, layer, shape] of layers()) {
      const x = randn(shape).requiresGrad_();
      const y = layer.forward(x) as Tensor;
      assert.ok(y.dataSync().every((v) => v === 0), `${name}: zeros`);
      y.sum().backward();
      assert.ok(x.grad!.dataSync().every((v) => v === 0), `${name}: zero grads`);
      layer.eval();
      assert.deepEqual((layer.forward(x) as Tensor).dataSync(), x.dataSync(), `${name}: eval identity`);
    }
  });

  test("p = 0 is the identity in training", () => {
    const zeroP: [nn.Module, number[]][] = [
      [new nn.Dropout(0), [3, 4]], [new nn.Dropout1d(0), [2, 3, 4]], [new nn.Dropout2d(0), [3, 2, 2, 2]], [new nn.Dropout3d(0), [2, 2, 2, 2, 2]],
      [new nn.AlphaDropout(0), [3, 4]], [new nn.FeatureAlphaDropout(0), [2, 3, 4]], [new nn.GaussianDropout(0), [3, 4]],
      [new nn.GaussianNoise(0), [3, 4]], [new nn.DropPath(0), [3, 4]], [new nn.LockedDropout(0), [3, 2, 4]], [new nn.DropBlock2d(0, 3), [2, 2, 5, 5]],
    ];
    for (const [layer, shape] of zeroP) {
      const x = randn(shape);
      assert.equal(layer.forward(x), x, String(layer));
    }
  });

  test("inplace writes into the input and gives the out-of-place result of the same seed", () => {
    const x = randn([4, 5]).mul(1);
    const expected = new nn.Dropout(0.5, seeded(4)).forward(x).dataSync();
    const out = new nn.Dropout(0.5, { inplace: true, ...seeded(4) }).forward(x);
    assert.equal(out, x);
    assert.deepEqual(x.dataSync(), expected);
  });

  test("inplace on a leaf that requires grad is refused, as PyTorch", () => {
    const w = randn([3]).requiresGrad_();
    assert.throws(() => new nn.Dropout(0.5, { inplace: true }).forward(w), {
      name: "AutogradError",
      message: "Dropout (inplace): expected a tensor that is not a leaf requiring grad, got a leaf tensor with requiresGrad true. Hint: in-place changes to parameters belong inside noGrad(() => …), as optimizers do; otherwise use the out-of-place op.",
    });
  });

  test("reprs print like PyTorch", () => {
    assert.equal(String(new nn.Dropout(0.5)), "Dropout(p=0.5)");
    assert.equal(String(new nn.Dropout(0.2, { inplace: true, scaling: "classic" })), 'Dropout(p=0.2, inplace=true, scaling="classic")');
    assert.equal(String(new nn.Dropout2d(0.1)), "Dropout2d(p=0.1)");
    assert.equal(String(new nn.DropBlock2d(0.1, 5)), "DropBlock2d(p=0.1, blockSize=5)");
    assert.equal(String(new nn.GaussianNoise(0.3)), "GaussianNoise(std=0.3)");
    assert.equal(String(new nn.DropConnect(new nn.Linear(2, 3), 0.4)), "DropConnect(\n  p=0.4\n  (module): Linear(inFeatures=2, outFeatures=3, bias=true)\n)");
  });

  test("manualSeed makes a whole training run bit-identical", () => {
    const run = (): Float32Array => {
      manualSeed(123);
      const model = new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 3));
      const opt = new optim.Adam(model.parameters());
      const x = randn([16, 6]), y = tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { dtype: "int32" });
      for (let i = 0; i < 5; i++) {
        opt.zeroGrad();
        F.crossEntropy(model.forward(x) as Tensor, y).backward();
        opt.step();
      }
      return Float32Array.from(model.parameters().flatMap((p) => Array.from(p.dataSync() as Float32Array)));
    };
    const a = run(), b = run();
    assert.deepEqual(a, b);
  });
});

describe("classic and inverted dropout are the same network", () => {
  // inverted: W2·(m ⊙ h)/(1 − p); classic: (W2/(1 − p))·(m ⊙ h) in training, and ×(1 − p) on h in eval.
  for (const [p, exact] of [[0.5, true], [0.2, false]] as const) {
    test(`p = ${p}: identical training outputs under the same mask and identical eval outputs${exact ? " (bit for bit: 1/(1 − p) is a power of 2)" : ""}`, () => {
      const build = (scaling: "inverted" | "classic"): nn.Sequential => {
        const fc1 = new nn.Linear(5, 7, seeded(1)), fc2 = new nn.Linear(7, 3, seeded(2));
        if (scaling === "classic") noGrad(() => fc2.weight.div_(1 - p));
        return new nn.Sequential(fc1, new nn.ReLU(), new nn.Dropout(p, { scaling, ...seeded(9) }), fc2);
      };
      const inverted = build("inverted"), classic = build("classic");
      const x = randn([4, 5], seeded(3));
      const close = (a: Tensor, b: Tensor): void => {
        if (exact) assert.deepEqual(a.dataSync(), b.dataSync());
        else a.dataSync().forEach((v, i) => assert.ok(Math.abs(v - b.dataSync()[i]!) <= 1e-5 * (1 + Math.abs(v)), `${v} vs ${b.dataSync()[i]}`));
      };
      for (let step = 0; step < 3; step++) close(inverted.forward(x) as Tensor, classic.forward(x) as Tensor);
      inverted.eval();
      classic.eval();
      close(inverted.forward(x) as Tensor, classic.forward(x) as Tensor);
    });
  }
});

describe("AlphaDropout on SELU-normalised input", () => {
  test("keeps mean 0 and variance 1 (5σ, moments of the kept/dropped mixture)", () => {
    for (const p of [0.1, 0.3]) {
      const n = 200_000;
      const x = randn([n], seeded(40));
      const y = Array.from(new nn.AlphaDropout(p, seeded(41)).forward(x).dataSync(), Number);
      const mean = y.reduce((s, v) => s + v, 0) / n;
      const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      const { a, b } = F.alphaDropoutAffine(p);
      const d = a * F.ALPHA_DROPOUT_SATURATION + b;
      // E[y^4] of the mixture: kept (1 − p): a·z + b with z ~ N(0, 1); dropped (p): d.
      const m4 = (1 - p) * (3 * a ** 4 + 6 * a * a * b * b + b ** 4) + p * d ** 4;
      assert.ok(Math.abs(mean) <= 5 / Math.sqrt(n), `p=${p}: mean ${mean}`);
      assert.ok(Math.abs(variance - 1) <= 5 * Math.sqrt((m4 - 1) / n), `p=${p}: variance ${variance}`);
    }
  });

  test("constants: dropped units sit at a·(−λα) + b; a and b as PyTorch derives them", () => {
    const { a, b } = F.alphaDropoutAffine(0.2);
    assert.equal(F.ALPHA_DROPOUT_SATURATION, -1.0507009873554805 * 1.6732632423543772);
    assert.ok(Math.abs(a - 1 / Math.sqrt((1.7580993408473766 ** 2 * 0.2 + 1) * 0.8)) < 1e-15);
    assert.ok(Math.abs(b - 1.7580993408473766 * a * 0.2) < 1e-15);
  });
});

describe("DropConnect", () => {
  test("E[train output] = eval output per element (5σ from the weight-mask variance); a fresh mask per forward", () => {
    const p = 0.4, K = 3000;
    const layer = new nn.DropConnect(new nn.Linear(6, 4, seeded(5)), p, seeded(6));
    const x = randn([3, 6], seeded(7));
    const sum = new Float64Array(12);
    let previous: Float32Array | null = null;
    for (let k = 0; k < K; k++) {
      const y = (layer.forward(x) as Tensor).dataSync() as Float32Array;
      if (previous !== null && k === 1) assert.notDeepEqual(y, previous);
      previous = y;
      y.forEach((v, i) => { sum[i]! += v; });
    }
    layer.eval();
    const expected = (layer.forward(x) as Tensor).dataSync();
    const w = layer.module.weight.dataSync(), xs = x.dataSync();
    for (let n = 0; n < 3; n++) {
      for (let o = 0; o < 4; o++) {
        // Each weight is kept with 1 − p and scaled by 1/(1 − p): Var = Σ_j (x_j·w_oj)²·p/(1 − p).
        let v = 0;
        for (let j = 0; j < 6; j++) v += (xs[n * 6 + j]! * w[o * 6 + j]!) ** 2 * (p / (1 - p));
        const i = n * 4 + o;
        assert.ok(Math.abs(sum[i]! / K - expected[i]!) <= 5 * Math.sqrt(v / K) + 1e-6, `out[${i}]`);
      }
    }
  });

  test("gradients reach the wrapped weight through the mask; the weight is restored after forward", () => {
    const linear = new nn.Linear(3, 2, seeded(1));
    const layer = new nn.DropConnect(linear, 0.5, seeded(2));
    const weight = linear.weight;
    (layer.forward(randn([4, 3])) as Tensor).sum().backward();
    assert.equal(linear.weight, weight);
    const g = weight.grad!.dataSync();
    assert.ok(g.some((v) => v === 0) && g.some((v) => v !== 0), "some weights dropped, some not");
    assert.deepEqual(layer.parameters(), [linear.weight, linear.bias]);
  });

  test("a module with no weight is refused", () => {
    assert.throws(() => new nn.DropConnect(new nn.ReLU() as never, 0.5), {
      name: "ValueError",
      message: "DropConnect: expected a module with a weight parameter (e.g. Linear or Conv2d), got ReLU().",
    });
  });
});

describe("ConcreteDropout", () => {
  test("E[train output] = x·E[1 − sigmoid((logit p + logit u)/t)]/(1 − p), by quadrature, within 5σ", () => {
    const p = 0.2, t = 0.1, K = 4000;
    const layer = new nn.ConcreteDropout(p, { temperature: t, ...seeded(3) });
    const x = randn([2, 5], seeded(4));
    const sum = new Float64Array(10);
    for (let k = 0; k < K; k++) (layer.forward(x) as Tensor).dataSync().forEach((v, i) => { sum[i]! += v; });
    // Midpoint rule over u in (0, 1) for the keep value's first two moments.
    const M = 200_000, lp = Math.log(p / (1 - p));
    let m1 = 0, m2 = 0;
    for (let i = 0; i < M; i++) {
      const u = (i + 0.5) / M;
      const keep = 1 - 1 / (1 + Math.exp(-(lp + Math.log(u) - Math.log1p(-u)) / t));
      m1 += keep / M;
      m2 += (keep * keep) / M;
    }
    const xs = x.dataSync();
    xs.forEach((v, i) => {
      const mean = (v * m1) / (1 - p), sd = (Math.abs(v) * Math.sqrt(m2 - m1 * m1)) / (1 - p);
      assert.ok(Math.abs(sum[i]! / K - mean) <= 5 * sd / Math.sqrt(K) + 1e-6, `[${i}] ${sum[i]! / K} vs ${mean}`);
    });
    assert.ok(Math.abs(m1 - (1 - p)) < 0.01, `the relaxation keeps ≈ 1 − p: ${m1}`);
    layer.eval();
    assert.equal(layer.forward(x), x);
  });

  test("backward keeps only x (which ∂out/∂p needs), and nothing when p is frozen; the noise is redrawn, giving the exact gradient", () => {
    const x = randn([4, 8], seeded(5)).requiresGrad_();
    const pLogit = tensor([-1]).requiresGrad_();
    const y = F.concreteDropout(x, pLogit, { training: true, ...seeded(6) });
    assert.equal(y.gradFn!.savedBytes(), 4 * 32);
    y.sum().backward();
    // ∂/∂x = out/x elementwise, since out = x·(1 − drop)/(1 − p) with the same drops.
    const xs = x.dataSync(), ys = y.dataSync();
    x.grad!.dataSync().forEach((g, i) => assert.ok(Math.abs(g - ys[i]! / xs[i]!) < 1e-5, `[${i}]`));
    const frozen = F.concreteDropout(randn([4, 8]).requiresGrad_(), tensor([-1]), { training: true });
    assert.equal(frozen.gradFn!.savedBytes(), 0);
  });

  test("p moves under training: up towards 0.5 when the entropy term dominates, down when dropout only hurts the fit", () => {
    const fitP = (dropoutRegularizer: number): number => {
      manualSeed(5);
      const cd = new nn.ConcreteDropout(0.1, { layer: new nn.Linear(4, 1), weightRegularizer: 0, dropoutRegularizer });
      const opt = new optim.Adam(cd.parameters(), { lr: 0.05 });
      const x = randn([64, 4]);
      const y = x.matmul(tensor([[1], [-2], [0.5], [1.5]]));
      for (let i = 0; i < 150; i++) {
        opt.zeroGrad();
        F.mseLoss(cd.forward(x) as Tensor, y).add(nn.concreteDropoutRegularization(cd)).backward();
        opt.step();
      }
      return cd.p;
    };
    // λ = 10: the entropy term's pull (λK·logit p) outweighs the fit's; its optimum is p = 0.5.
    const noisy = fitP(10), clean = fitP(0);
    assert.ok(noisy > 0.4, `entropy-dominated p rose from 0.1 to ${noisy}`);
    assert.ok(clean < 0.05, `fit-dominated p fell from 0.1 to ${clean}`);
  });
});

describe("bad input to the dropout family", () => {
  test("p out of range, NaN, a percentage", () => {
    assert.throws(() => new nn.Dropout(30), { name: "ValueError", message: "Dropout: expected p to be a probability in [0, 1], got 30. Hint: p is a fraction, not a percentage (30% → 0.3)." });
    assert.throws(() => new nn.Dropout2d(Number.NaN), { name: "ValueError", message: "Dropout2d: expected p to be a probability in [0, 1], got NaN." });
    assert.throws(() => new nn.AlphaDropout(-0.1), { name: "ValueError", message: "AlphaDropout: expected p to be a probability in [0, 1], got -0.1." });
    assert.throws(() => new nn.GaussianDropout(1), { name: "ValueError", message: "GaussianDropout: expected p to be a probability in [0, 1), got 1." });
    assert.throws(() => F.dropout(randn([2]), { p: 50, training: true }), { name: "ValueError", message: "dropout: expected p to be a probability in [0, 1], got 50. Hint: p is a fraction, not a percentage (50% → 0.5)." });
    assert.throws(() => new nn.GaussianNoise(-1), { name: "ValueError", message: "GaussianNoise: expected std to be a finite number ≥ 0, got -1." });
  });

  test("F.* without training is refused (no silent default)", () => {
    assert.throws(() => F.dropout2d(randn([1, 2, 3, 3]), { p: 0.5 } as never), {
      name: "ValueError",
      message: "dropout2d: expected the option training: true or false, got undefined. Hint: pass { training: this.training } from a module; PyTorch's silent default of true is a known trap.",
    });
  });

  test("the wrong rank for Dropout1d/2d/3d names the ranks and the right variant", () => {
    assert.throws(() => new nn.Dropout2d(0.5).forward(randn([32, 64])), {
      name: "ShapeError",
      message: "Dropout2d: expected input of rank 3 ([C, H, W]) or 4 ([N, C, H, W]), got [32, 64] (rank 2). Hint: for [N, features] use Dropout, which drops single elements.",
    });
    assert.throws(() => new nn.Dropout1d(0.5).forward(randn([2, 3, 4, 5])), {
      name: "ShapeError",
      message: "Dropout1d: expected input of rank 2 ([C, L]) or 3 ([N, C, L]), got [2, 3, 4, 5] (rank 4). Hint: for [N, C, H, W] use Dropout2d.",
    });
    assert.throws(() => new nn.Dropout3d(0.5).forward(randn([2, 3, 4])), {
      name: "ShapeError",
      message: "Dropout3d: expected input of rank 4 ([C, D, H, W]) or 5 ([N, C, D, H, W]), got [2, 3, 4] (rank 3). Hint: for [N, C, L] use Dropout1d.",
    });
    assert.throws(() => new nn.LockedDropout(0.5).forward(randn([2, 3])), {
      name: "ShapeError",
      message: "LockedDropout: expected input of rank 3 ([T, N, C]), got [2, 3] (rank 2). Hint: LockedDropout shares its mask along the time axis of a sequence batch.",
    });
  });

  test("a noise shape that does not fit the input; an integer input", () => {
    assert.throws(() => F.dropout(randn([4, 6]), { p: 0.5, training: true, noiseShape: [4, 3] }), {
      name: "ShapeError",
      message: "dropout: expected a noise shape that matches the input [4, 6] with 1 where the mask is shared, got [4, 3].",
    });
    assert.throws(() => F.dropout(tensor([1, 2], { dtype: "int32" }), { p: 0.5, training: true }), { name: "DTypeError", message: "dropout: expected a floating-point input, got dtype int32." });
  });
});
