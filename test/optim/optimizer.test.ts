import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, manualSeed, nn, optim, randn, tensor } from "../../src/index.js";

function step(opt: optim.Optimizer<{ lr: number }>, model: nn.Module): void {
  opt.zeroGrad();
  F.mseLoss(model.forward(randn(4, 3)) as never, randn(4, 2)).backward();
  opt.step();
}

describe("optimizers", () => {
  test("parameter groups each use their own hyper-parameters", () => {
    const a = new nn.Linear(3, 2), b = new nn.Linear(3, 2);
    const before = b.weight.clone();
    const opt = new optim.SGD([{ params: a.parameters() }, { params: b.parameters(), lr: 0 }], { lr: 0.5 });
    assert.equal(opt.paramGroups[0]!.lr, 0.5);
    assert.equal(opt.paramGroups[1]!.lr, 0);
    const model = new nn.Sequential(a);
    step(opt, model);
    b.forward(randn(1, 3)).sum().backward();
    opt.step();
    assert.deepEqual(b.weight.toArray(), before.toArray(), "lr 0 leaves the second group unchanged");
  });

  test("stateDict/loadStateDict resume Adam exactly", () => {
    manualSeed(3);
    const m1 = new nn.Linear(3, 2);
    const m2 = new nn.Linear(3, 2);
    m2.loadStateDict(m1.stateDict());
    const o1 = new optim.Adam(m1.parameters(), { lr: 0.1 }), o2 = new optim.Adam(m2.parameters(), { lr: 0.1 });
    const x = randn(4, 3), y = randn(4, 2);
    const train = (m: nn.Linear, o: optim.Adam): void => { o.zeroGrad(); F.mseLoss(m.forward(x), y).backward(); o.step(); };
    train(m1, o1);
    train(m2, o2);
    const saved = JSON.parse(JSON.stringify(o1.stateDict()));
    const o3 = new optim.Adam(m2.parameters(), { lr: 0.1 });
    o3.loadStateDict(saved);
    train(m1, o1);
    train(m2, o3);
    assert.deepEqual(m2.weight.toArray(), m1.weight.toArray());
    assert.equal(saved.state["0"].step, 1);
  });

  test("bad hyper-parameters and an empty parameter list are refused", () => {
    const p = new nn.Linear(2, 2).parameters();
    assert.throws(() => new optim.SGD(p, { lr: -1 }), { name: "ValueError", message: "SGD: expected a learning rate lr ≥ 0, got -1." });
    assert.throws(() => new optim.Adam(p, { betas: [1, 0.999] }), { name: "ValueError", message: "Adam: expected betas[0] in [0, 1), got 1." });
    assert.throws(() => new optim.SGD(p, { lr: 0.1, nesterov: true }), { name: "ValueError", message: "SGD: expected momentum > 0 and dampening 0 for Nesterov momentum, got momentum 0, dampening 0." });
    assert.throws(() => new optim.Adam([]), { name: "ValueError", message: "Adam: expected a non-empty list of parameters, got an empty list. Hint: pass model.parameters()." });
  });

  test("constraints run after every step", () => {
    const m = new nn.Linear(3, 2);
    let calls = 0;
    const opt = new optim.SGD(m.parameters(), { lr: 0.1, constraints: [() => { calls++; }] });
    step(opt, new nn.Sequential(m));
    assert.equal(calls, 1);
  });
});

describe("bad input to layers and losses", () => {
  test("CrossEntropyLoss names an out-of-range label and the number of classes", () => {
    assert.throws(() => new nn.CrossEntropyLoss().forward(randn(3, 10), tensor([1, 10, 2], { dtype: "int32" })), {
      name: "ValueError",
      message: "CrossEntropyLoss: expected class labels in [0, 9] (the input has 10 classes), got label 10 at position 1. Hint: labels count from 0; check the number of outputs of the last layer.",
    });
  });
  test("float labels of the wrong shape are refused with both shapes", () => {
    assert.throws(() => new nn.CrossEntropyLoss().forward(randn(3, 10), randn(3)), { name: "ShapeError", message: "CrossEntropyLoss: expected class probabilities of the input's shape [3, 10], got [3]." });
  });
  test("Conv2d names itself, the expected and the actual channels", () => {
    assert.throws(() => new nn.Conv2d(1, 8, 3).forward(randn(2, 3, 10, 10)), {
      name: "ShapeError",
      message: "Conv2d(1, 8, kernelSize=[3, 3]): expected input with 1 channels (weight [8, 1, 3, 3], groups 1): shape [N, 1, H, W], got [2, 3, 10, 10].",
    });
    assert.throws(() => new nn.Conv2d(1, 8, 3).forward(randn(2, 784)), {
      name: "ShapeError",
      message: "Conv2d(1, 8, kernelSize=[3, 3]): expected input of shape [N, C, H, W] (or [C, H, W]), got [2, 784]. Hint: a batch of flat vectors needs reshaping to images first, e.g. x.view(-1, 1, 28, 28).",
    });
  });
  test("MaxPool2d on a map smaller than its window says so", () => {
    assert.throws(() => new nn.MaxPool2d(2).forward(randn(1, 1, 1, 1)), {
      name: "ShapeError",
      message: "MaxPool2d(kernelSize=2): expected an input of at least 2×2 pixels, got 1×1 (input shape [1, 1, 1, 1]). Hint: the feature map is already smaller than the pooling window; remove a pooling layer or pad the input.",
    });
  });
});
