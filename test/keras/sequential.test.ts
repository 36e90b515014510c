import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { keras, manualSeed } from "../../src/index.js";
import { kerasDigits } from "../helpers/keras-digits.js";

/** The tutorial's Sequential program, line by line, on 600 synthetic digits instead of MNIST. */
function tutorialModel(): keras.Sequential {
  const model = keras.Sequential();
  model.add(keras.layers.Dense(512, { activation: "relu", inputShape: [784] }));
  model.add(keras.layers.Dropout(0.2));
  model.add(keras.layers.Dense(10, { activation: "softmax" }));
  return model;
}

const SUMMARY = `Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #   
=================================================================
 dense (Dense)               (None, 512)               401920    
                                                                 
 dropout (Dropout)           (None, 512)               0         
                                                                 
 dense_1 (Dense)             (None, 10)                5130      
                                                                 
=================================================================
Total params: 407,050
Trainable params: 407,050
Non-trainable params: 0
_________________________________________________________________`;

describe("keras.Sequential: the tutorial's program", () => {
  beforeEach(() => keras.backend.clearSession());

  test("summary() prints Keras' table, byte for byte", () => {
    const lines: string[] = [];
    tutorialModel().summary({ printFn: (line) => lines.push(line) });
    assert.equal(lines.join("\n"), SUMMARY);
  });

  test("fit → History with Keras' keys; evaluate → [loss, accuracy]; predict → probabilities", async () => {
    manualSeed(0);
    const [xAll, yAll] = kerasDigits(600, 1);
    const [xTest, yTestIdx] = kerasDigits(200, 2);
    const xTrain = xAll, yTrain = keras.utils.toCategorical(yAll);
    const yTest = keras.utils.toCategorical(yTestIdx, 10);

    const model = tutorialModel();
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const history = await model.fit(xTrain, yTrain, { epochs: 3, batchSize: 128, validationSplit: 0.2, verbose: 0 });
    const [testLoss, testAcc] = model.evaluate(xTest, yTest, { batchSize: 64 });

    assert.deepEqual(Object.keys(history.history), ["loss", "accuracy", "val_loss", "val_accuracy"]);
    for (const values of Object.values(history.history)) assert.equal(values.length, 3);
    assert.deepEqual(history.epoch, [0, 1, 2]);
    assert.deepEqual(history.params, { epochs: 3, steps: 4, verbose: 0 }, "480 training samples in batches of 128");
    assert.ok(history.history["loss"]![2]! < history.history["loss"]![0]!, `loss falls: ${history.history["loss"]}`);
    assert.ok(testAcc! > 0.5, `test accuracy ${testAcc} (chance: 0.1)`);
    assert.ok(testLoss! > 0 && testLoss! < Math.log(10), `test loss ${testLoss} (chance: ln 10)`);

    const probabilities = model.predict(xTest);
    assert.deepEqual(probabilities.shape, [200, 10]);
    assert.ok(probabilities.sum(1).sub(1).abs().max().item() < 1e-5, "rows of a softmax sum to 1");
    const predictedAcc = probabilities.argmax(1).eq(yTestIdx).sum().item() / 200;
    assert.ok(Math.abs(predictedAcc - testAcc!) < 1e-9, "evaluate's accuracy is predict's argmax against the labels");
  });

  test("evaluate's loss is the mean categorical cross-entropy of predict's probabilities", () => {
    manualSeed(3);
    const [x, yIdx] = kerasDigits(50, 3);
    const y = keras.utils.toCategorical(yIdx, 10);
    const model = tutorialModel();
    model.compile({ optimizer: "sgd", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const [loss] = model.evaluate(x, y);
    const byHand = model.predict(x).log().mul(y).sum(1).mean().neg().item();
    assert.ok(Math.abs(loss! - byHand) < 1e-5, `${loss} vs ${byHand}`);
  });

  test("without metrics, history has loss and val_loss only, and evaluate returns [loss]", async () => {
    manualSeed(0);
    const [x, y] = kerasDigits(64, 4);
    const model = tutorialModel();
    model.compile({ optimizer: "rmsprop", loss: "sparse_categorical_crossentropy" });
    const history = await model.fit(x, y, { epochs: 1, validationSplit: 0.25, verbose: 0 });
    assert.deepEqual(Object.keys(history.history), ["loss", "val_loss"]);
    assert.equal(model.evaluate(x, y).length, 1);
  });

  test("layers are built when the shape is known; without inputShape, from the first data (Keras' deferred build)", async () => {
    manualSeed(0);
    const model = keras.Sequential([keras.layers.Dense(16, { activation: "relu" }), keras.layers.Dense(3, { activation: "softmax" })]);
    assert.equal(model.layers.every((l) => l.isBuilt), false);
    assert.throws(() => model.summary(), { name: "ValueError", message: 'Sequential "sequential".summary: expected a built model, got layers whose input shape is not known yet. Hint: give the first layer an inputShape, e.g. Dense(512, { inputShape: [784] }), or call fit or predict first.' });
    const [x, y] = kerasDigits(30, 5);
    assert.deepEqual(model.predict(x.slice(0, 4).narrow(1, 0, 5)).shape, [4, 3]);
    assert.deepEqual(model.inputShape, [5]);
    assert.equal(model.countParams(), 5 * 16 + 16 + 16 * 3 + 3);
    assert.equal(model.parameters().length, 4, "the built modules' weights belong to the model");
    void y;
  });

  test("the model is an nn.Module: its layers' modules are children named after the layers", () => {
    const model = tutorialModel();
    assert.deepEqual(Object.keys(model.stateDict()), ["dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias"]);
    assert.equal(String(model), 'SequentialModel(\n  name="sequential"\n  (dense): Linear(inFeatures=784, outFeatures=512, bias=true)\n  (dropout): NoiseShapedDropout(p=0.2)\n  (dense_1): Linear(inFeatures=512, outFeatures=10, bias=true)\n)');
  });

  test("Keras' defaults: Glorot-uniform kernels, zero biases", () => {
    manualSeed(0);
    const model = tutorialModel();
    const [w, b] = model.parameters();
    const bound = Math.sqrt(6 / (784 + 512));
    assert.ok(w!.abs().max().item() <= bound);
    assert.ok(w!.abs().max().item() > 0.95 * bound, "uniform over the whole Glorot range, not PyTorch's narrower one");
    assert.equal(b!.abs().max().item(), 0);
  });

  test("layer names must be unique and must not hide a model property", () => {
    assert.throws(() => keras.Sequential([keras.layers.Dense(2, { inputShape: [3], name: "hidden" }), keras.layers.Dense(2, { name: "hidden" })]), {
      name: "ValueError",
      message: 'Sequential "sequential": expected unique layer names that are not model properties, got "hidden", another layer\'s name. Hint: give the layer another name: { name: "..." }.',
    });
    assert.throws(() => keras.Sequential([keras.layers.Dense(2, { inputShape: [3], name: "layers" })]), {
      name: "ValueError",
      message: 'Sequential "sequential_1": expected unique layer names that are not model properties, got "layers", a property of the model. Hint: give the layer another name: { name: "..." }.',
    });
  });
});
