import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { keras, manualSeed, noGrad, ones, tensor } from "../../src/index.js";
import { kerasDigits } from "../helpers/keras-digits.js";

function mlp(): keras.Sequential {
  return keras.Sequential([keras.layers.Dense(8, { activation: "relu", inputShape: [784] }), keras.layers.Dense(10, { activation: "softmax" })]);
}

describe("compile: Keras' names, checked at once", () => {
  beforeEach(() => keras.backend.clearSession());

  test("an unknown optimizer, loss or metric lists the known ones", () => {
    const model = mlp();
    assert.throws(() => model.compile({ optimizer: "adamw" as "adam", loss: "mse" }), {
      name: "ValueError",
      message: 'Sequential "sequential".compile: expected optimizer to be one of "adam", "sgd", "rmsprop", an optim.Optimizer or a function (params) => Optimizer, got "adamw".',
    });
    assert.throws(() => model.compile({ optimizer: "adam", loss: "crossentropy" as "mse" }), {
      name: "ValueError",
      message: 'Sequential "sequential".compile: expected loss to be one of "categorical_crossentropy", "sparse_categorical_crossentropy", "mse", "mean_squared_error" or a function (yTrue, yPred) => Tensor, got "crossentropy".',
    });
    assert.throws(() => model.compile({ optimizer: "adam", loss: "mse", metrics: ["acc" as "accuracy"] }), {
      name: "ValueError",
      message: 'Sequential "sequential".compile: expected metrics among "accuracy", got "acc".',
    });
  });

  test("fit, evaluate before compile", async () => {
    const [x, y] = kerasDigits(8, 1);
    const hint = 'Hint: call model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] }) first.';
    await assert.rejects(mlp().fit(x, y), { name: "ValueError", message: `Sequential "sequential".fit: expected a compiled model, got compile() not called yet. ${hint}` });
    assert.throws(() => mlp().evaluate(x, y), { name: "ValueError", message: `Sequential "sequential_1".evaluate: expected a compiled model, got compile() not called yet. ${hint}` });
  });

  test("an optimizer that does not cover the model's weights is refused", async () => {
    const { optim } = await import("../../src/index.js");
    const model = mlp();
    model.compile({ optimizer: new optim.SGD(model.parameters().slice(0, 2), { lr: 0.1 }), loss: "sparse_categorical_crossentropy" });
    const [x, y] = kerasDigits(8, 1);
    await assert.rejects(model.fit(x, y, { verbose: 0 }), {
      name: "ValueError",
      message: 'Sequential "sequential".compile: expected an optimizer over this model\'s parameters, got one that leaves out 2 of its 4 parameter tensors. Hint: create it after the model is built, e.g. new optim.Adam(model.parameters()), or pass a name such as "adam".',
    });
  });
});

describe("bad data, named with the layer, expected and actual", () => {
  beforeEach(() => keras.backend.clearSession());

  test("inputShape not matching the data", async () => {
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    const images = ones(16, 28, 28), labels = tensor(new Int32Array(16), { dtype: "int32" });
    await assert.rejects(model.fit(images, labels), {
      name: "ShapeError",
      message: 'layer "dense" (Dense): expected input of shape [*, 784], got [16, 28, 28]. Hint: each sample has 784 values but another layout; reshape the data, e.g. x.reshape([-1, 784]).',
    });
    assert.throws(() => model.predict(ones(4, 100)), {
      name: "ShapeError",
      message: 'layer "dense" (Dense): expected input of shape [*, 784], got [4, 100]. Hint: the data\'s samples have shape [100]; give the first layer inputShape: [100], or fix the data.',
    });
  });

  test("class-index labels passed to categorical_crossentropy", async () => {
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const [x, y] = kerasDigits(20, 2);
    const expected = {
      name: "ValueError",
      message: 'loss "categorical_crossentropy": expected one-hot targets of shape [20, 10] (one column per class of the output), got class indices of shape [20] (int32). Hint: one-hot encode them with keras.utils.toCategorical(y, 10), or compile with loss: "sparse_categorical_crossentropy".',
    };
    await assert.rejects(model.fit(x, y), expected);
    assert.throws(() => model.evaluate(x, y), expected);
    await assert.rejects(model.fit(x, y.float().reshape([20, 1])), { name: "ValueError", message: /got class indices of shape \[20, 1\] \(float32\)/ });
  });

  test("one-hot labels passed to sparse_categorical_crossentropy; labels as floats or [N, 1] are accepted as Keras accepts them", async () => {
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    const [x, y] = kerasDigits(20, 2);
    assert.throws(() => model.evaluate(x, keras.utils.toCategorical(y, 10)), {
      name: "ValueError",
      message: 'loss "sparse_categorical_crossentropy": expected class indices of shape [20], got one-hot targets of shape [20, 10]. Hint: compile with loss: "categorical_crossentropy" for one-hot targets, or pass y.argmax(-1).',
    });
    assert.deepEqual(model.evaluate(x, y.float().reshape([20, 1])), model.evaluate(x, y));
    assert.throws(() => model.evaluate(x, y.float().add(0.5)), { name: "ValueError", message: 'loss "sparse_categorical_crossentropy": expected class indices: whole numbers ≥ 0, got the value 9.5.' });
  });

  test("x and y of different lengths", () => {
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    const [x, y] = kerasDigits(20, 2);
    assert.throws(() => model.evaluate(x, y.slice(0, 10)), { name: "ShapeError", message: 'Sequential "sequential".evaluate: expected as many targets as samples (20), got x of shape [20, 784] and y of shape [10].' });
  });
});

describe("losses", () => {
  beforeEach(() => keras.backend.clearSession());

  test("softmax + categorical cross-entropy is computed from the logits: exact where probabilities underflow", () => {
    const model = keras.Sequential([keras.layers.Dense(3, { activation: "softmax", inputShape: [2], kernelInitializer: "zeros" })]);
    noGrad(() => model.parameters()[1]!.copy_(tensor([0, 200, -200]))); // logits (0, 200, −200) for every input
    model.compile({ optimizer: "sgd", loss: "categorical_crossentropy" });
    const x = ones(2, 2), y = tensor([[0, 0, 1], [1, 0, 0]]);
    const probabilities = model.predict(x);
    assert.equal((probabilities.toArray() as number[][])[0]![2], 0, "softmax underflows to 0 for the true class");
    const [loss] = model.evaluate(x, y);
    assert.ok(Math.abs(loss! - (400 + 200) / 2) < 1e-3, `from logits: −log p = 400 and 200, got mean ${loss}`);
  });

  test("without a softmax output, categorical cross-entropy reads probabilities, normalised and clipped as Keras", () => {
    const model = keras.Sequential([keras.layers.Dense(2, { activation: "sigmoid", inputShape: [1], kernelInitializer: "zeros" })]);
    model.compile({ optimizer: "sgd", loss: "categorical_crossentropy" });
    const [loss] = model.evaluate(ones(1, 1), tensor([[1, 0]]));
    assert.ok(Math.abs(loss! - Math.log(2)) < 1e-6, "sigmoid(0) = 0.5 for both: normalised to 0.5, −log 0.5");
  });

  test("sparse categorical cross-entropy equals categorical on one-hot targets", () => {
    manualSeed(0);
    const [x, y] = kerasDigits(30, 3);
    const model = mlp();
    model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy" });
    const [sparse] = model.evaluate(x, y);
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy" });
    const [dense] = model.evaluate(x, keras.utils.toCategorical(y, 10));
    assert.ok(Math.abs(sparse! - dense!) < 1e-6);
  });

  test("mse trains a regression; accuracy is left out where it has no meaning", async () => {
    manualSeed(0);
    const x = tensor(Array.from({ length: 64 }, (_, i) => [i / 64]));
    const y = x.mul(3).add(1).reshape([64]);
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [1] })]);
    model.compile({ optimizer: "sgd", loss: "mse", metrics: ["accuracy"] });
    const history = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    assert.deepEqual(Object.keys(history.history), ["loss"]);
    assert.ok(history.history["loss"]!.at(-1)! < 0.1 * history.history["loss"]![0]!, `${history.history["loss"]}`);
  });

  test("a custom loss takes (yTrue, yPred) as Keras passes them", () => {
    const model = keras.Sequential([keras.layers.Dense(1, { inputShape: [1], kernelInitializer: "zeros" })]);
    const seen: number[][] = [];
    model.compile({ optimizer: "sgd", loss: (yTrue, yPred) => { seen.push([yTrue.item(), yPred.item()]); return yPred.sub(yTrue).abs().mean(); } });
    assert.deepEqual(model.evaluate(ones(1, 1), tensor([[5]])), [5]);
    assert.deepEqual(seen, [[5, 0]]);
  });
});

describe("keras.utils.toCategorical", () => {
  test("class indices to one-hot float32 rows", () => {
    const y = keras.utils.toCategorical(tensor([2, 0, 1], { dtype: "int32" }));
    assert.equal(y.dtype, "float32");
    assert.deepEqual(y.toArray(), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    assert.deepEqual(keras.utils.toCategorical([1, 3], 5).toArray(), [[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]);
    assert.deepEqual(keras.utils.toCategorical(tensor([[1], [0]], { dtype: "int32" }), 2).shape, [2, 2], "a trailing axis of 1 is dropped, as Keras");
  });

  test("bad indices and numClasses", () => {
    assert.throws(() => keras.utils.toCategorical([0, -1]), { name: "ValueError", message: "keras.utils.toCategorical: expected class indices: whole numbers ≥ 0, got -1 at position 1." });
    assert.throws(() => keras.utils.toCategorical([0, 1.5]), { name: "ValueError", message: "keras.utils.toCategorical: expected class indices: whole numbers ≥ 0, got 1.5 at position 1." });
    assert.throws(() => keras.utils.toCategorical([0, 9], 5), { name: "ValueError", message: "keras.utils.toCategorical: expected numClasses to be an integer above the largest class index (9), got 5." });
  });
});
