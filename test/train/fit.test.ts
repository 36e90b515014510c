import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arange, data, EarlyStopping, evaluate, fit, LambdaCallback, manualSeed, nn, optim, tensor, type Tensor } from "../../src/index.js";

/** A linearly separable toy problem: the class is which of 3 features is largest. */
function toy(n: number): [Tensor, Tensor] {
  const g = manualSeed(7);
  const x = arange(n * 3).reshape(n, 3).mul(0.37).sin();
  void g;
  return [x, x.argmax(1)];
}

describe("fit", () => {
  test("learns a toy task and returns Keras-style history", async () => {
    manualSeed(1);
    const model = new nn.Sequential(new nn.Linear(3, 16), new nn.ReLU(), new nn.Linear(16, 3));
    const h = await fit(model, toy(300), { epochs: 30, optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }), loss: new nn.CrossEntropyLoss(), batchSize: 32, validationSplit: 0.2 });
    assert.deepEqual(Object.keys(h.history).sort(), ["accuracy", "loss", "seconds", "val_accuracy", "val_loss"]);
    assert.equal(h.history["loss"]!.length, 30);
    assert.ok(h.history["val_accuracy"]!.at(-1)! > 0.9, `val accuracy ${h.history["val_accuracy"]!.at(-1)}`);
  });

  test("validationSplit validates on exactly the last fraction, taken before shuffling", async () => {
    const n = 50;
    const x = arange(n).reshape(n, 1);
    const y = tensor(new Int32Array(n));
    const seen: number[] = [];
    class Spy extends nn.Module {
      lin = new nn.Linear(1, 2);
      forward(input: Tensor): Tensor {
        if (!this.training) seen.push(...(input.reshape(-1).toArray() as number[]));
        return this.lin.forward(input);
      }
    }
    const model = new Spy();
    await fit(model, [x, y], { epochs: 1, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: new nn.CrossEntropyLoss(), batchSize: 7, validationSplit: 0.2 });
    assert.deepEqual(seen.sort((a, b) => a - b), [40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
  });

  test("callbacks see every epoch; EarlyStopping stops training", async () => {
    const model = new nn.Linear(3, 3);
    const epochs: number[] = [];
    const h = await fit(model, toy(60), {
      epochs: 50,
      optimizer: new optim.SGD(model.parameters(), { lr: 0 }),
      loss: new nn.CrossEntropyLoss(),
      validationSplit: 0.25,
      callbacks: [new EarlyStopping({ patience: 2 }), new LambdaCallback({ onEpochEnd: (e) => { epochs.push(e); } })],
    });
    assert.equal(h.epoch.length, 4, "lr 0 never improves: the first epoch, then patience 2 + 1");
    assert.deepEqual(epochs, [0, 1, 2, 3]);
  });

  test("bad options are refused with the option named", async () => {
    const model = new nn.Linear(3, 3);
    const base = { optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: new nn.CrossEntropyLoss() };
    await assert.rejects(fit(model, toy(10), { ...base, epochs: 0 }), { name: "ValueError", message: "fit: expected epochs to be a positive integer, got 0." });
    await assert.rejects(fit(model, toy(10), { ...base, epochs: 1, batchSize: 1.5 }), { name: "ValueError", message: "fit: expected batchSize to be a positive integer, got 1.5." });
    await assert.rejects(fit(model, toy(10), { ...base, epochs: 1, validationSplit: 1.2 }), { name: "ValueError", message: "fit: expected validationSplit in (0, 1), got 1.2." });
  });
});

describe("evaluate", () => {
  test("runs in eval mode under noGrad and restores every module's mode", () => {
    const model = new nn.Sequential(new nn.Linear(3, 3), new nn.Dropout(0.5));
    model.at(1).training = false;
    const modes: boolean[] = [];
    const spy = new nn.Sequential(model, new (class extends nn.Module { forward(x: Tensor): Tensor { modes.push(this.training); assert.equal(x.requiresGrad, false); return x; } })());
    const r = evaluate(spy, toy(20), { loss: new nn.CrossEntropyLoss(), batchSize: 8 });
    assert.deepEqual(modes, [false, false, false]);
    assert.equal(r.samples, 20);
    assert.equal(model.training, true);
    assert.equal(model.at(1).training, false, "a module that was in eval stays in eval");
  });

  test("with a data loader", () => {
    const [x, y] = toy(30);
    const r = evaluate(new nn.Linear(3, 3), new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 7 }));
    assert.equal(r.samples, 30);
    assert.ok(r.accuracy! >= 0 && r.accuracy! <= 1);
  });
});

describe("fit on a regression task", () => {
  test("reports loss without accuracy when outputs are not class scores", async () => {
    manualSeed(2);
    const x = arange(40).reshape(20, 2).mul(0.1);
    const y = x.sum(1, { keepdim: true });
    const model = new nn.Linear(2, 1);
    const h = await fit(model, [x, y], { epochs: 5, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: new nn.MSELoss(), batchSize: 5, validationSplit: 0.2 });
    assert.deepEqual(Object.keys(h.history).sort(), ["loss", "seconds", "val_loss"]);
    assert.ok(h.history["loss"]!.at(-1)! < h.history["loss"]![0]!);
    assert.equal(evaluate(model, [x, y]).accuracy, undefined);
  });
});
