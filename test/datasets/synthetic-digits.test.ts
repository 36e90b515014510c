import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { datasets, evaluate, fit, manualSeed, nn, optim } from "../../src/index.js";

describe("SyntheticDigits", () => {
  test("is reproducible: the same (size, seed) gives the same images; another seed does not", () => {
    const a = new datasets.SyntheticDigits({ size: 20, seed: 3 }), b = new datasets.SyntheticDigits({ size: 20, seed: 3 }), c = new datasets.SyntheticDigits({ size: 20, seed: 4 });
    assert.deepEqual(a.pixels, b.pixels);
    assert.deepEqual(a.labels, b.labels);
    assert.notDeepEqual(a.pixels, c.pixels);
  });

  test("samples are [1, 28, 28] in [0, 1] with int32 labels 0–9, every class present", () => {
    const d = new datasets.SyntheticDigits({ size: 500, seed: 1 });
    const [x, y] = d.get(0);
    assert.deepEqual(x.shape, [1, 28, 28]);
    assert.ok(x.min().item() >= 0 && x.max().item() <= 1 && x.max().item() > 0.5);
    assert.equal(y.dtype, "int32");
    assert.deepEqual([...new Set(d.labels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("is learnable: an MLP reaches ≥ 0.95 test accuracy", async () => {
    manualSeed(0);
    const train = new datasets.SyntheticDigits({ size: 6000, seed: 1 }), testSet = new datasets.SyntheticDigits({ size: 1000, seed: 2 });
    const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
    await fit(model, train, { epochs: 3, optimizer: new optim.Adam(model.parameters()), loss: new nn.CrossEntropyLoss(), batchSize: 64 });
    const acc = evaluate(model, testSet).accuracy!;
    assert.ok(acc >= 0.95, `test accuracy ${acc}`);
  });

  test("a bad size is refused", () => {
    assert.throws(() => new datasets.SyntheticDigits({ size: 0 }), { name: "ValueError", message: "SyntheticDigits: expected size to be a positive integer, got 0." });
  });
});
