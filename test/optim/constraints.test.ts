/** optim.constraints.maxNorm: applied by the optimizer after every step (Srivastava et al. 2014 §5.1). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, nn, optim, randn, Tensor } from "../../src/index.js";

const rowNorms = (w: Tensor): number[] => {
  const [rows, cols] = w.shape as [number, number];
  const d = w.dataSync();
  return Array.from({ length: rows }, (_, r) => Math.hypot(...Array.from(d.subarray(r * cols, (r + 1) * cols), Number)));
};

describe("optim.constraints.maxNorm", () => {
  test("after every step of a large-lr SGD run, each unit's incoming weights have norm ≤ c; without it they grow past c", () => {
    const train = (constraints: optim.Constraint[]): nn.Linear => {
      const layer = new nn.Linear(8, 4, { generator: new Generator({ seed: 1 }) });
      const opt = new optim.SGD(layer.parameters(), { lr: 5, constraints });
      const x = randn([32, 8], { generator: new Generator({ seed: 2 }) }), y = randn([32, 4], { generator: new Generator({ seed: 3 }) }).mul(10);
      for (let i = 0; i < 5; i++) {
        opt.zeroGrad();
        F.mseLoss(layer.forward(x), y).backward();
        opt.step();
        if (constraints.length > 0) for (const n of rowNorms(layer.weight)) assert.ok(n <= 1.5 * (1 + 1e-6), `step ${i}: norm ${n}`);
      }
      return layer;
    };
    assert.ok(Math.max(...rowNorms(train([]).weight)) > 1.5, "the run is one the constraint changes");
    const constrained = train([optim.constraints.maxNorm(1.5)]);
    assert.ok(rowNorms(constrained.weight).some((n) => Math.abs(n - 1.5) < 1e-5), "some unit sits on the ball");
  });

  test("dim selects the axis the norm runs over; biases are left alone", () => {
    const w = new nn.Parameter(randn([3, 5], { generator: new Generator({ seed: 4 }) }).mul(10));
    const b = new nn.Parameter(randn([3], { generator: new Generator({ seed: 5 }) }).mul(10));
    const before = b.dataSync().slice();
    optim.constraints.maxNorm(1, { dim: 0 })([w, b]);
    const d = w.dataSync();
    for (let c = 0; c < 5; c++) assert.ok(Math.hypot(d[c]!, d[5 + c]!, d[10 + c]!) <= 1 + 1e-6, `column ${c}`);
    assert.deepEqual(b.dataSync(), before);
  });

  test("a bad c is refused", () => {
    for (const c of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => optim.constraints.maxNorm(c), {
        name: "ValueError",
        message: `constraints.maxNorm: expected c > 0 (the largest allowed norm, 3 to 4 in the paper), got ${c}.`,
      });
    }
  });
});
