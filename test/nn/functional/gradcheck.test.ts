import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, Generator, nn, tensor, Tensor } from "../../../src/index.js";
import { gradcheck, leaf } from "../../helpers/gradcheck.js";

const f64 = (data: number[], shape?: number[]): Tensor => {
  const t = tensor(data, { dtype: "float64" });
  return shape === undefined ? t : t.reshape(shape);
};

describe("finite-difference gradients of layers", () => {
  const convCases: [string, number[], number[], F.Conv2dOptions][] = [
    ["plain", [2, 3, 6, 5], [4, 3, 3, 3], {}],
    ["stride 2, padding 1", [2, 2, 7, 6], [3, 2, 3, 2], { stride: 2, padding: 1 }],
    ["dilation 2", [1, 2, 7, 7], [2, 2, 3, 3], { dilation: 2, padding: [2, 1] }],
    ["groups 2", [2, 4, 5, 5], [6, 2, 3, 3], { groups: 2, stride: [1, 2] }],
  ];
  for (const [name, xs, ws, opts] of convCases) {
    test(`conv2d ${name}`, () => gradcheck(`conv2d ${name}`, (x, w, b) => F.conv2d(x, w, b, opts), [leaf(xs, 1), leaf(ws, 2), leaf([ws[0]!], 3)]));
  }
  test("conv2d without bias on an unbatched input", () => gradcheck("conv2d", (x, w) => F.conv2d(x, w, null, { padding: 1 }), [leaf([2, 4, 4], 1), leaf([3, 2, 3, 3], 2)]));
  test("conv1d", () => gradcheck("conv1d", (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1 }), [leaf([2, 3, 9], 1), leaf([4, 3, 3], 2), leaf([4], 3)]));
  // Values spread apart so no two in a window tie (max is not differentiable at ties).
  const spread = (t: Tensor): Tensor => t.mul(10);
  test("maxPool2d", () => gradcheck("maxPool2d", (x) => F.maxPool2d(x, 2), [leaf([2, 3, 6, 5], 4, spread)]));
  test("maxPool2d stride 1 padding 1 ceilMode", () => gradcheck("maxPool2d", (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), [leaf([1, 2, 6, 6], 5, spread)]));
  test("avgPool2d with padding, counting pad", () => gradcheck("avgPool2d", (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1 }), [leaf([2, 2, 5, 6], 6)]));
  test("avgPool2d not counting pad, ceilMode", () => gradcheck("avgPool2d", (x) => F.avgPool2d(x, 2, { padding: 1, countIncludePad: false, ceilMode: true }), [leaf([1, 2, 5, 5], 7)]));
  test("adaptiveAvgPool2d", () => gradcheck("adaptiveAvgPool2d", (x) => F.adaptiveAvgPool2d(x, [3, 2]), [leaf([2, 2, 7, 5], 8)]));
  test("linear", () => gradcheck("linear", (x, w, b) => F.linear(x, w, b), [leaf([3, 5], 1), leaf([4, 5], 2), leaf([4], 3)]));
  test("linear on a batch of sequences, a transposed input, and without bias", () => {
    gradcheck("linear 3-D", (x, w, b) => F.linear(x, w, b), [leaf([2, 3, 5], 4), leaf([4, 5], 5), leaf([4], 6)]);
    gradcheck("linear xᵀ", (x, w) => F.linear(x.t(), w), [leaf([5, 3], 7), leaf([4, 5], 8)]);
  });
  test("batchNorm in training", () => gradcheck("batchNorm", (x, w, b) => F.batchNorm(x, null, null, w, b, { training: true }), [leaf([4, 3, 2, 2], 9), leaf([3], 10), leaf([3], 11)]));
  test("batchNorm 1d in eval with running stats", () => {
    const rm = f64([0.1, -0.2, 0.3]), rv = f64([1.5, 0.7, 2]);
    gradcheck("batchNorm eval", (x, w, b) => F.batchNorm(x, rm, rv, w, b, { training: false }), [leaf([5, 3], 12), leaf([3], 13), leaf([3], 14)]);
  });
  test("layerNorm", () => gradcheck("layerNorm", (x, w, b) => F.layerNorm(x, [3, 4], w, b), [leaf([2, 3, 4], 15), leaf([3, 4], 16), leaf([3, 4], 17)]));
  test("embedding", () => {
    const idx = tensor([[0, 2], [2, 3]], { dtype: "int32" });
    gradcheck("embedding", (w) => F.embedding(idx, w), [leaf([4, 3], 18)]);
  });
  test("embedding's padding row passes its value but gets no gradient (PyTorch's contract, not the true derivative)", () => {
    const idx = tensor([[0, 2], [2, 3]], { dtype: "int32" });
    const w = leaf([4, 3], 18);
    const out = F.embedding(idx, w, { paddingIdx: 2 });
    assert.deepEqual(out.select(0, 1).select(0, 0).toArray(), w.select(0, 2).toArray());
    out.mul(out).sum().backward();
    assert.deepEqual(w.grad!.select(0, 2).toArray(), [0, 0, 0]);
    assert.ok(w.grad!.select(0, 3).abs().sum().item() > 0);
  });
});

describe("finite-difference gradients of activations", () => {
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["leakyRelu", (x) => F.leakyRelu(x, 0.2)],
    ["elu", (x) => F.elu(x, 1.3)],
    ["selu", (x) => F.selu(x)],
    ["gelu", (x) => F.gelu(x)],
    ["gelu tanh", (x) => F.gelu(x, { approximate: "tanh" })],
    ["softmax", (x) => F.softmax(x, 1)],
    ["logSoftmax", (x) => F.logSoftmax(x, -1)],
    ["logSoftmax along dim 0 (generic ops)", (x) => F.logSoftmax(x, 0)],
    ["logSoftmax of a transposed view (fused, after a copy)", (x) => F.logSoftmax(x.t(), 1)],
    ["softmax along the last dim", (x) => F.softmax(x, -1)],
  ];
  const offZero = (t: Tensor): Tensor => t.add(t.sign().mul(0.1));
  for (const [name, f] of cases) test(name, () => gradcheck(name, f, [leaf([3, 5], 21, offZero)]));
  test("logSoftmax along the last dim of [2, 3, 4]", () => gradcheck("logSoftmax 3-d", (x) => F.logSoftmax(x, 2), [leaf([2, 3, 4], 28)]));
  test("dropout (same mask each call: a fresh generator with a fixed seed)", () => {
    gradcheck("dropout", (x) => F.dropout(x, { p: 0.4, training: true, generator: new Generator({ seed: 3 }) }), [leaf([6, 7], 22)]);
  });
});

describe("finite-difference gradients of the dropout family (same noise each call: a fresh generator with a fixed seed)", () => {
  const g = (): { training: true; generator: Generator } => ({ training: true, generator: new Generator({ seed: 5 }) });
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    ["dropout classic", (x) => F.dropout(x, { p: 0.3, scaling: "classic", ...g() }), [4, 5]],
    ["dropout regenerated mask", (x) => F.dropout(x, { p: 0.3, maskStorage: "regenerate", ...g() }), [4, 5]],
    ["dropout noiseShape", (x) => F.dropout(x, { p: 0.5, noiseShape: [4, 1], ...g() }), [4, 5]],
    ["dropout1d", (x) => F.dropout1d(x, { p: 0.5, ...g() }), [2, 3, 4]],
    ["dropout2d", (x) => F.dropout2d(x, { p: 0.5, ...g() }), [2, 3, 2, 2]],
    ["dropout3d", (x) => F.dropout3d(x, { p: 0.5, ...g() }), [2, 2, 2, 2, 2]],
    ["alphaDropout", (x) => F.alphaDropout(x, { p: 0.3, ...g() }), [4, 5]],
    ["featureAlphaDropout", (x) => F.featureAlphaDropout(x, { p: 0.4, ...g() }), [2, 3, 4]],
    ["dropPath", (x) => F.dropPath(x, { p: 0.5, ...g() }), [4, 3]],
    ["lockedDropout", (x) => F.lockedDropout(x, { p: 0.5, ...g() }), [3, 2, 4]],
    ["dropBlock2d", (x) => F.dropBlock2d(x, { p: 0.3, blockSize: 2, ...g() }), [2, 2, 5, 5]],
    ["gaussianDropout", (x) => F.gaussianDropout(x, { p: 0.3, ...g() }), [4, 5]],
    ["gaussianNoise", (x) => F.gaussianNoise(x, { std: 0.4, ...g() }), [4, 5]],
  ];
  for (const [name, f, shape] of cases) test(name, () => gradcheck(name, f, [leaf(shape, 23)]));

  test("concreteDropout, with respect to x and the drop-rate logit", () => {
    gradcheck("concreteDropout", (x, pLogit) => F.concreteDropout(x, pLogit, { temperature: 0.5, ...g() }), [leaf([3, 4], 24), tensor([-1.2], { dtype: "float64" }).requiresGrad_()]);
  });

  test("DropConnect, with respect to the input, the dropped weight and the bias", () => {
    const linear = new nn.Linear(4, 3);
    gradcheck("DropConnect", (x, weight, bias) => {
      Object.assign(linear, { weight, bias });
      return new nn.DropConnect(linear, 0.5, { generator: new Generator({ seed: 5 }) }).forward(x) as Tensor;
    }, [leaf([2, 4], 25), leaf([3, 4], 26), leaf([3], 27)]);
  });
});

describe("finite-difference gradients of losses", () => {
  const labels = tensor([1, 0, 3, 3], { dtype: "int32" });
  const probs = (): Tensor => f64([0.1, 0.2, 0.3, 0.4, 1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0, 0, 0.5, 0.5], [4, 4]);
  const weight = f64([0.5, 2, 1, 1.5]);
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["crossEntropy", (x) => F.crossEntropy(x, labels)],
    ["crossEntropy sum", (x) => F.crossEntropy(x, labels, { reduction: "sum" })],
    ["crossEntropy none", (x) => F.crossEntropy(x, labels, { reduction: "none" })],
    ["crossEntropy weight", (x) => F.crossEntropy(x, labels, { weight })],
    ["crossEntropy ignoreIndex", (x) => F.crossEntropy(x, labels, { ignoreIndex: 3 })],
    ["crossEntropy labelSmoothing", (x) => F.crossEntropy(x, labels, { labelSmoothing: 0.2, weight })],
    ["crossEntropy probabilities", (x) => F.crossEntropy(x, probs(), { labelSmoothing: 0.1 })],
    ["nllLoss", (x) => F.nllLoss(F.logSoftmax(x, 1), labels, { weight })],
    // The fused path (one graph node) with weights and ignored rows under every reduction.
    ["crossEntropy weight ignoreIndex mean", (x) => F.crossEntropy(x, labels, { weight, ignoreIndex: 0 })],
    ["crossEntropy weight ignoreIndex sum", (x) => F.crossEntropy(x, labels, { weight, ignoreIndex: 1, reduction: "sum" })],
    ["crossEntropy weight ignoreIndex none", (x) => F.crossEntropy(x, labels, { weight, ignoreIndex: 3, reduction: "none" })],
  ];
  for (const [name, f] of cases) test(name, () => gradcheck(name, f, [leaf([4, 4], 31)]));
  test("crossEntropy over spatial dims [N, C, d]", () => {
    const t = tensor([[0, 2, 1], [1, 1, 0]], { dtype: "int32" });
    gradcheck("crossEntropy spatial", (x) => F.crossEntropy(x, t), [leaf([2, 3, 3], 32)]);
  });
  test("crossEntropy of one sample [C] at a 0-d label", () => {
    gradcheck("crossEntropy [C]", (x) => F.crossEntropy(x, tensor(2, { dtype: "int32" }), { weight }), [leaf([4], 38)]);
  });
  test("crossEntropy with a weight that requires grad (the generic path), with respect to both", () => {
    gradcheck("crossEntropy weight grad", (x, w) => F.crossEntropy(x, labels, { weight: w, ignoreIndex: 0 }), [leaf([4, 4], 39), weight.clone().requiresGrad_()]);
  });
  const target = (): Tensor => leaf([3, 4], 33).detach();
  test("mseLoss", () => gradcheck("mseLoss", (x) => F.mseLoss(x, target()), [leaf([3, 4], 34)]));
  test("l1Loss", () => gradcheck("l1Loss", (x) => F.l1Loss(x, target()), [leaf([3, 4], 35)]));
  const unit = (t: Tensor): Tensor => t.sigmoid().mul(0.8).add(0.1);
  test("binaryCrossEntropy", () => gradcheck("bce", (x) => F.binaryCrossEntropy(x, unit(target())), [leaf([3, 4], 36, unit)]));
  test("binaryCrossEntropyWithLogits with posWeight", () => gradcheck("bceLogits", (x) => F.binaryCrossEntropyWithLogits(x, unit(target()), { posWeight: f64([1, 2, 0.5, 3]) }), [leaf([3, 4], 37)]));
});
