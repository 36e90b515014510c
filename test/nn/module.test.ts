import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, Tensor, noGrad, ones, zeros } from "../../src/index.js";
import { Module } from "../../src/nn/module.js";
import { Parameter } from "../../src/nn/parameter.js";
import { ReLU } from "../../src/nn/modules/activation.js";
import { Sequential } from "../../src/nn/modules/container.js";
import { Linear } from "../../src/nn/modules/linear.js";

class Net extends Module {
  fc1 = new Linear(4, 3);
  relu = new ReLU();
  fc2 = new Linear(3, 2);
  scale = new Parameter(zeros(1));
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x))).mul(this.scale);
  }
}

describe("Module", () => {
  test("finds parameters held in fields, in field order, with dotted names", () => {
    const net = new Net();
    assert.deepEqual(net.namedParameters().map(([n]) => n), ["scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
    assert.equal(net.parameters().length, 5);
    assert.deepEqual(net.children().length, 3);
  });

  test("train() and eval() reach every descendant", () => {
    const net = new Net();
    net.eval();
    assert.ok(net.modules().every((m) => !m.training));
    net.train();
    assert.ok(net.modules().every((m) => m.training));
  });

  test("prints its tree like PyTorch", () => {
    const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
    assert.equal(String(model), [
      "Sequential(",
      "  (0): Linear(inFeatures=784, outFeatures=256, bias=true)",
      "  (1): ReLU()",
      "  (2): Linear(inFeatures=256, outFeatures=10, bias=true)",
      ")",
    ].join("\n"));
  });

  test("stateDict round-trips through loadStateDict", () => {
    const a = new Net(), b = new Net();
    b.loadStateDict(a.stateDict());
    const x = zeros(2, 4).add(0.5);
    for (const [k, v] of Object.entries(a.stateDict())) assert.deepEqual(b.stateDict()[k]!.toArray(), v.toArray(), k);
    assert.deepEqual(b.forward(x).toArray(), a.forward(x).toArray());
  });

  test("loadStateDict is strict: missing and unexpected keys are named", () => {
    const net = new Net();
    const sd = net.stateDict();
    delete sd["fc2.bias"];
    sd["fc3.weight"] = zeros(1);
    assert.throws(() => net.loadStateDict(sd), {
      name: "ValueError",
      message: 'Net.loadStateDict: expected exactly the keys "scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", got missing "fc2.bias"; unexpected "fc3.weight". Hint: pass { strict: false } to load only the keys that match.',
    });
    const result = net.loadStateDict(sd, { strict: false });
    assert.deepEqual(result, { missingKeys: ["fc2.bias"], unexpectedKeys: ["fc3.weight"] });
  });

  test("loadStateDict names the key and both shapes on a mismatch", () => {
    const net = new Net();
    const sd = net.stateDict();
    sd["fc1.weight"] = zeros(4, 3);
    assert.throws(() => net.loadStateDict(sd), { name: "ShapeError", message: 'Net.loadStateDict: expected "fc1.weight" of shape [3, 4], got shape [4, 3].' });
  });

  test("zeroGrad zeroes every gradient in place (PyTorch 1.13's default); setToNone drops them", () => {
    const net = new Net();
    noGrad(() => net.scale.fill_(1));
    net.forward(ones(1, 4)).sum().backward();
    const grads = net.parameters().map((p) => p.grad!);
    // Whatever the random init made of them (a dead ReLU gives zeros), make every gradient non-zero.
    for (const g of grads) g.fill_(1);
    net.zeroGrad();
    assert.ok(net.parameters().every((p, i) => p.grad === grads[i] && p.grad.dataSync().every((v) => v === 0)), "the same tensors, all zero");
    net.forward(ones(1, 4)).sum().backward();
    assert.ok(net.parameters().every((p, i) => p.grad === grads[i]), "the next backward accumulates into them");
    net.zeroGrad({ setToNone: true });
    assert.ok(net.parameters().every((p) => p.grad === null));
  });
});

describe("Linear", () => {
  test("default init is U(-1/sqrt(in), 1/sqrt(in)) for weight and bias", () => {
    const layer = new Linear(100, 50, { generator: new Generator({ seed: 3 }) });
    const bound = 1 / Math.sqrt(100);
    // The extremes of n uniform draws fall short of r·bound with probability ((1 + r)/2)^n: r is picked
    // so that is below 1e-6 (5000 weights: r = 0.99; 50 biases: r = 0.5), so a too-narrow init fails.
    for (const [p, r] of [[layer.weight, 0.99], [layer.bias!, 0.5]] as const) {
      const v = Array.from(p.dataSync());
      assert.ok(v.every((x) => x >= -bound && x < bound));
      assert.ok(Math.max(...v) > r * bound && Math.min(...v) < -r * bound);
    }
  });

  test("the tutorial's Linear(64*6*6, 128) after the CNN's pooling gets the fix in the error", () => {
    const fc1 = new Linear(64 * 6 * 6, 128);
    assert.throws(() => fc1.forward(zeros(64, 1600)), {
      name: "ShapeError",
      message: "Linear(inFeatures=2304, outFeatures=128): expected input of shape [*, 2304], got [64, 1600]. Hint: the layer before produces 1600 features per sample; use new nn.Linear(1600, 128).",
    });
  });

  test("an unflattened image batch gets the flatten hint", () => {
    assert.throws(() => new Linear(784, 128).forward(zeros(32, 28, 28)), {
      name: "ShapeError",
      message: "Linear(inFeatures=784, outFeatures=128): expected input of shape [*, 784], got [32, 28, 28]. Hint: flatten all but the batch dimension first, e.g. x.flatten(1).",
    });
  });

  test("bad sizes are refused", () => {
    assert.throws(() => new Linear(0, 3), { name: "ValueError", message: "Linear: expected inFeatures to be a positive integer, got 0." });
  });
});

describe("containers", () => {
  test("ModuleList registers its modules' parameters and iterates in order", async () => {
    const { ModuleList } = await import("../../src/nn/modules/container.js");
    const list = new ModuleList([new Linear(2, 3), new ReLU(), new Linear(3, 1)]);
    assert.equal(list.length, 3);
    assert.deepEqual(list.namedParameters().map(([n]) => n), ["0.weight", "0.bias", "2.weight", "2.bias"]);
    let x = zeros(4, 2);
    for (const m of list) x = m.forward(x);
    assert.deepEqual(x.shape, [4, 1]);
    assert.throws(() => list.forward(), { name: "ValueError", message: /^ModuleList: expected a container to iterate over, got a call to forward\(\)/ });
  });

  test("ModuleDict registers modules by name and refuses names that clash with Module", async () => {
    const { ModuleDict } = await import("../../src/nn/modules/container.js");
    const dict = new ModuleDict({ encoder: new Linear(4, 2), head: new Linear(2, 1) });
    assert.deepEqual(dict.keys(), ["encoder", "head"]);
    assert.deepEqual(dict.namedParameters().map(([n]) => n), ["encoder.weight", "encoder.bias", "head.weight", "head.bias"]);
    assert.throws(() => dict.set("train", new ReLU()), { name: "ValueError", message: 'ModuleDict: expected a key that is not a Module attribute, got "train".' });
  });

  test("Identity returns its input; Sequential.at and add", async () => {
    const { Identity } = await import("../../src/nn/modules/linear.js");
    const x = zeros(2);
    assert.equal(new Identity().forward(x), x);
    const seq = new Sequential(new Linear(2, 2)).add(new ReLU());
    assert.equal(seq.length, 2);
    assert.ok(seq.at(-1) instanceof ReLU);
  });
});
