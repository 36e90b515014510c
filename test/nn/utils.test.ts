import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { nn, tensor } from "../../src/index.js";

function withGrad(values: number[][], grad: number[][]): nn.Parameter {
  const p = new nn.Parameter(tensor(values));
  p.grad = tensor(grad);
  return p;
}

describe("nn.utils", () => {
  test("clipGradNorm_ scales all gradients jointly and returns the norm before clipping", () => {
    const a = withGrad([[0, 0]], [[3, 0]]), b = withGrad([[0]], [[4]]);
    const norm = nn.utils.clipGradNorm_([a, b], 1);
    assert.ok(Math.abs(norm.item() - 5) < 1e-6);
    assert.ok(Math.abs((a.grad!.toArray() as number[][])[0]![0]! - 0.6) < 1e-5);
    assert.ok(Math.abs((b.grad!.toArray() as number[][])[0]![0]! - 0.8) < 1e-5);
    const c = withGrad([[0]], [[0.5]]);
    nn.utils.clipGradNorm_([c], 1);
    assert.deepEqual(c.grad!.toArray(), [[0.5]], "below the limit: unchanged");
  });

  test("clipGradNorm_ with the infinity norm, and errorIfNonfinite", () => {
    const a = withGrad([[0, 0]], [[-3, 2]]);
    assert.equal(nn.utils.clipGradNorm_([a], 10, { normType: Infinity }).item(), 3);
    const bad = withGrad([[0]], [[NaN]]);
    assert.throws(() => nn.utils.clipGradNorm_([bad], 1, { errorIfNonfinite: true }), { name: "ValueError", message: /^clipGradNorm_: expected a finite total gradient norm, got NaN/ });
  });

  test("clipGradValue_ clamps each element", () => {
    const a = withGrad([[0, 0, 0]], [[-5, 0.5, 5]]);
    nn.utils.clipGradValue_([a], 1);
    assert.deepEqual(a.grad!.toArray(), [[-1, 0.5, 1]]);
  });

  test("maxNorm_ scales each unit's incoming weights down to the limit, never up, and skips biases", () => {
    const layer = new nn.Linear(2, 2);
    const w = layer.weight.storage.data as Float32Array;
    w.set([3, 4, 0.3, 0.4]);
    const bias = Float32Array.from(layer.bias!.storage.data as Float32Array);
    nn.utils.maxNorm_(layer, 2);
    assert.deepEqual(Array.from(w).map((v) => Math.round(v * 1e5) / 1e5), [1.2, 1.6, 0.3, 0.4]);
    assert.deepEqual(Array.from(layer.bias!.storage.data as Float32Array), Array.from(bias));
  });

  test("parametersToVector and countParameters", () => {
    const model = new nn.Sequential(new nn.Linear(784, 512), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(512, 10));
    assert.equal(nn.utils.countParameters(model), 407050);
    assert.deepEqual(nn.utils.parametersToVector(model).shape, [407050]);
  });
});
