import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { arange, EarlyStopping, keras, manualSeed, tensor, type Tensor } from "../../src/index.js";
import { kerasDigits } from "../helpers/keras-digits.js";

function smallModel(inputs: number): keras.Sequential {
  return keras.Sequential([keras.layers.Dense(8, { activation: "relu", inputShape: [inputs] }), keras.layers.Dense(10, { activation: "softmax" })]);
}

describe("keras fit", () => {
  beforeEach(() => keras.backend.clearSession());

  test("validationSplit validates on exactly the last fraction of x and y, taken before shuffling", async () => {
    manualSeed(0);
    const [x, yIdx] = kerasDigits(100, 6);
    const y = keras.utils.toCategorical(yIdx, 10);
    const model = smallModel(784);
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 16, validationSplit: 0.3, verbose: 0 });
    const [lastLoss, lastAcc] = model.evaluate(x.slice(70), y.slice(70));
    const [firstLoss] = model.evaluate(x.slice(0, 30), y.slice(0, 30));
    assert.ok(Math.abs(history.history["val_loss"]![0]! - lastLoss!) < 1e-5, `${history.history["val_loss"]} vs ${lastLoss}`);
    assert.equal(history.history["val_accuracy"]![0], lastAcc);
    assert.ok(Math.abs(history.history["val_loss"]![0]! - firstLoss!) > 1e-3, "the first 30% would give another figure");
    assert.equal(history.params.steps, 5, "70 training samples in batches of 16");
  });

  test("the held-out rows never train", async () => {
    // Training rows all class 0, validation rows all class 1: after training, class 0 must win on everything.
    manualSeed(1);
    const x = arange(40).reshape(40, 1).mul(0).add(1);
    const y = tensor(Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1)), { dtype: "int32" });
    const model = keras.Sequential([keras.layers.Dense(2, { activation: "softmax", inputShape: [1] })]);
    model.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const history = await model.fit(x, y, { epochs: 20, batchSize: 10, validationSplit: 0.25, verbose: 0 });
    assert.equal(history.history["accuracy"]!.at(-1), 1);
    assert.equal(history.history["val_accuracy"]!.at(-1), 0);
  });

  test("batch size defaults to 32 and epochs to 1, as Keras", async () => {
    manualSeed(0);
    const [x, y] = kerasDigits(70, 7);
    const model = smallModel(784);
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    const history = await model.fit(x, y, { verbose: 0 });
    assert.deepEqual(history.epoch, [0]);
    assert.equal(history.params.steps, 3);
  });

  test("callbacks get Keras' logs; EarlyStopping stops the run", async () => {
    manualSeed(0);
    const [x, y] = kerasDigits(40, 8);
    const model = smallModel(784);
    model.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const seen: string[][] = [];
    const history = await model.fit(x, y, {
      epochs: 30,
      validationSplit: 0.5,
      verbose: 0,
      callbacks: [{ onEpochEnd: (_epoch: number, logs: Record<string, number>) => { seen.push(Object.keys(logs)); } }, new EarlyStopping({ monitor: "val_loss", patience: 0, minDelta: 10 })],
    });
    assert.equal(history.epoch.length, 2, "no epoch improves val_loss by 10: the first, then stop");
    assert.deepEqual(seen[0], ["loss", "accuracy", "val_loss", "val_accuracy", "seconds"]);
  });

  test("verbose prints one line per epoch in Keras' form", async () => {
    manualSeed(0);
    const [x, y] = kerasDigits(64, 9);
    const model = smallModel(784);
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await model.fit(x, y, { epochs: 2, validationSplit: 0.5, verbose: 2 });
    } finally {
      console.log = original;
    }
    assert.equal(lines.length, 4);
    assert.equal(lines[0], "Epoch 1/2");
    assert.match(lines[1]!, /^1\/1 - \d+\.\ds - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - \d+ms\/step$/);
  });

  test("compile with an optimizer instance or a factory trains the same weights as the name", async () => {
    const run = async (optimizer: (m: keras.Sequential) => Parameters<keras.Sequential["compile"]>[0]["optimizer"]): Promise<Tensor> => {
      keras.backend.clearSession();
      manualSeed(0);
      const [x, y] = kerasDigits(32, 10);
      const model = smallModel(784);
      model.compile({ optimizer: optimizer(model), loss: "sparse_categorical_crossentropy" });
      await model.fit(x, y, { epochs: 1, shuffle: false, verbose: 0 });
      return model.parameters()[0]!;
    };
    const { optim } = await import("../../src/index.js");
    const byName = await run(() => "adam");
    const byInstance = await run((m) => new optim.Adam(m.parameters(), { lr: 0.001, eps: 1e-7 }));
    const byFactory = await run(() => (params) => new optim.Adam(params, { lr: 0.001, eps: 1e-7 }));
    const byKeras = await run(() => keras.optimizers.Adam({ learningRate: 0.001 }));
    assert.deepEqual(byInstance.toArray(), byName.toArray());
    assert.deepEqual(byFactory.toArray(), byName.toArray());
    assert.deepEqual(byKeras.toArray(), byName.toArray());
    assert.notDeepEqual((await run(() => keras.optimizers.Adam({ learningRate: 0.01 }))).toArray(), byName.toArray(), "learningRate is used");
  });
});
