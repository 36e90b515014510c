import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { keras, manualSeed, mcPredict, nn, noGrad, optim, randn, type Tensor } from "../../src/index.js";
import { kerasDigits } from "../helpers/keras-digits.js";

/** One engine: a Keras model is our nn layers; with the same weights (and seed) it computes the same numbers. */

function copyWeights(from: nn.Module, to: nn.Module): void {
  const source = from.parameters(), target = to.parameters();
  assert.equal(source.length, target.length);
  noGrad(() => target.forEach((p, i) => p.copy_(source[i]!)));
}

function kerasMlp(): keras.Sequential {
  const model = keras.Sequential();
  model.add(keras.layers.Dense(64, { activation: "relu", inputShape: [784] }));
  model.add(keras.layers.Dropout(0.2));
  model.add(keras.layers.Dense(10, { activation: "softmax" }));
  return model;
}

const nnMlp = (): nn.Sequential => new nn.Sequential(new nn.Linear(784, 64), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(64, 10));

describe("a Keras model and the equivalent nn model", () => {
  beforeEach(() => keras.backend.clearSession());

  test("same weights: identical predictions (eval mode)", () => {
    manualSeed(0);
    const model = kerasMlp();
    const torchStyle = new nn.Sequential(nnMlp(), new nn.Softmax(1));
    copyWeights(model, torchStyle);
    const [x] = kerasDigits(40, 1);
    const expected = noGrad(() => torchStyle.eval().forward(x));
    assert.deepEqual(model.predict(x, { batchSize: 40 }).toArray(), expected.toArray());
    assert.deepEqual(model.forward(x.slice(0, 3)).shape, [3, 10]);
  });

  test("same weights and seed: fit takes exactly the steps of the PyTorch-style loop (Adam, cross-entropy on logits, dropout masks)", async () => {
    manualSeed(0);
    const model = kerasMlp();
    const torchStyle = nnMlp();
    copyWeights(model, torchStyle);
    const [x, yIdx] = kerasDigits(64, 2);
    const y = keras.utils.toCategorical(yIdx, 10);

    manualSeed(5);
    model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    const history = await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });

    manualSeed(5);
    const optimizer = new optim.Adam(torchStyle.parameters(), { lr: 0.001, eps: 1e-7 }); // Keras' Adam defaults
    const criterion = new nn.CrossEntropyLoss();
    torchStyle.train();
    let lossSum = 0;
    for (let start = 0; start < 64; start += 16) {
      optimizer.zeroGrad();
      const loss = criterion.forward(torchStyle.forward(x.slice(start, start + 16)) as Tensor, y.slice(start, start + 16));
      loss.backward();
      optimizer.step();
      lossSum += loss.item() * 16;
    }
    model.parameters().forEach((p, i) => assert.deepEqual(p.toArray(), torchStyle.parameters()[i]!.toArray(), `parameter ${i}`));
    assert.equal(history.history["loss"]![0], lossSum / 64);
  });

  test("Conv2D and MaxPooling2D on channels-last data equal nn.Conv2d and nn.MaxPool2d on channels-first", () => {
    manualSeed(0);
    const model = keras.Sequential([
      keras.layers.Conv2D(4, 3, { activation: "relu", padding: "same", inputShape: [6, 6, 2] }),
      keras.layers.MaxPooling2D(2),
      keras.layers.Flatten(),
    ]);
    const torchStyle = new nn.Sequential(new nn.Conv2d(2, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
    copyWeights(model, torchStyle);
    const nhwc = randn(3, 6, 6, 2);
    const expected = noGrad(() => (torchStyle.forward(nhwc.permute(0, 3, 1, 2)) as Tensor).permute(0, 2, 3, 1).reshape([3, -1]));
    assert.deepEqual(model.outputShape, [36]);
    assert.deepEqual(model.predict(nhwc).toArray(), expected.toArray(), "Flatten sees rows, columns, channels, as in Keras");
  });

  test("mcPredict works on a Keras model: only its dropout layers turn stochastic", () => {
    manualSeed(0);
    const model = kerasMlp();
    const [x] = kerasDigits(5, 3);
    const { mean, variance } = mcPredict(model, x, { samples: 8, apply: "none" });
    assert.deepEqual(mean.shape, [5, 10]);
    assert.ok(mean.sum(1).sub(1).abs().max().item() < 1e-5, "the mean of probabilities is a distribution");
    assert.ok(variance.max().item() > 0, "dropout was active");
    assert.equal(model.training, true, "modes are restored");
  });
});
