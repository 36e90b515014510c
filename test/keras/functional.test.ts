import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { keras, manualSeed, tensor } from "../../src/index.js";
import { kerasDigits } from "../helpers/keras-digits.js";

/** The tutorial's functional program, line by line (layer.apply is TensorFlow.js' functional call). */
function tutorialModel(): keras.Model {
  const inputLayer = keras.Input({ shape: [784] });
  const hiddenLayer1 = keras.layers.Dense(512, { activation: "relu" }).apply(inputLayer);
  const dropoutLayer1 = keras.layers.Dropout(0.25).apply(hiddenLayer1); // Dropout layer
  const hiddenLayer2 = keras.layers.Dense(256, { activation: "relu" }).apply(dropoutLayer1);
  const dropoutLayer2 = keras.layers.Dropout(0.25).apply(hiddenLayer2); // Dropout layer
  const outputLayer = keras.layers.Dense(10, { activation: "softmax" }).apply(dropoutLayer2);
  return keras.Model({ inputs: inputLayer, outputs: outputLayer });
}

const SUMMARY = `Model: "model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #   
=================================================================
 input_1 (InputLayer)        [(None, 784)]             0         
                                                                 
 dense (Dense)               (None, 512)               401920    
                                                                 
 dropout (Dropout)           (None, 512)               0         
                                                                 
 dense_1 (Dense)             (None, 256)               131328    
                                                                 
 dropout_1 (Dropout)         (None, 256)               0         
                                                                 
 dense_2 (Dense)             (None, 10)                2570      
                                                                 
=================================================================
Total params: 535,818
Trainable params: 535,818
Non-trainable params: 0
_________________________________________________________________`;

describe("keras.Model: the tutorial's functional program", () => {
  beforeEach(() => keras.backend.clearSession());

  test("summary() prints Keras' table with the InputLayer first", () => {
    const lines: string[] = [];
    tutorialModel().summary({ printFn: (line) => lines.push(line) });
    assert.equal(lines.join("\n"), SUMMARY);
  });

  test("compile, fit with validationData, evaluate", async () => {
    manualSeed(0);
    const [xAll, yAll] = kerasDigits(500, 1);
    const [xTest, yTest] = kerasDigits(200, 2);
    const [xTrain, yTrain] = [xAll.slice(0, 400), keras.utils.toCategorical(yAll.slice(0, 400), 10)];
    const [xVal, yVal] = [xAll.slice(400), keras.utils.toCategorical(yAll.slice(400), 10)];

    const model = tutorialModel();
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const history = await model.fit(xTrain, yTrain, { epochs: 3, batchSize: 128, validationData: [xVal, yVal], verbose: 0 });

    assert.deepEqual(Object.keys(history.history), ["loss", "accuracy", "val_loss", "val_accuracy"]);
    const [valLoss, valAcc] = model.evaluate(xVal, yVal);
    assert.ok(Math.abs(history.history["val_loss"]![2]! - valLoss!) < 1e-5, "val_loss is the loss on validationData after the epoch");
    assert.equal(history.history["val_accuracy"]![2], valAcc);
    const [, testAcc] = model.evaluate(xTest, keras.utils.toCategorical(yTest, 10));
    assert.ok(testAcc! > 0.5, `test accuracy ${testAcc} (chance: 0.1)`);
  });

  test("layers are built as they are applied; outputs carry one sample's shape", () => {
    const input = keras.Input({ shape: [28, 28, 1] });
    const flat = keras.layers.Flatten().apply(input);
    assert.ok(flat instanceof keras.SymbolicTensor);
    assert.deepEqual(flat.shape, [784]);
    assert.equal(String(flat), 'SymbolicTensor(shape=[null, 784], name="flatten")');
  });

  test("a layer applied to a Tensor computes at once (TensorFlow.js' eager call)", () => {
    const dense = keras.layers.Dense(3, { kernelInitializer: "ones", activation: "relu" });
    const out = dense.apply(tensor([[1, -2], [3, 4]]));
    assert.deepEqual(out.toArray(), [[0, 0, 0], [7, 7, 7]]);
  });

  test("a layer applied twice shares its weights and runs twice", () => {
    const input = keras.Input({ shape: [4] });
    const shared = keras.layers.Dense(4);
    const model = keras.Model({ inputs: input, outputs: shared.apply(shared.apply(input)) });
    assert.equal(model.layers.length, 2);
    assert.equal(model.countParams(), 20);
    const x = tensor([[1, 2, 3, 4]]);
    const twice = shared.apply(shared.apply(x));
    assert.deepEqual(model.predict(x).toArray(), twice.toArray());
  });

  test("outputs must come from inputs", () => {
    const a = keras.Input({ shape: [4] }), b = keras.Input({ shape: [4] });
    assert.throws(() => keras.Model({ inputs: a, outputs: keras.layers.Dense(2).apply(b) }), {
      name: "ValueError",
      message: 'keras.Model: expected outputs computed from inputs "input_1", got outputs computed from another input, "input_2". Hint: build the layers by applying them, starting from the keras.Input you pass as inputs.',
    });
  });
});
