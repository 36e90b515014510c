import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { keras, manualSeed, nn, ones, randn, type Tensor } from "../../src/index.js";

/** Values of t along its last axis, grouped by every other index: each group must be one value when a mask is shared. */
function distinctPerChannel(t: Tensor): number[] {
  const [n, ...rest] = t.shape as number[];
  const c = rest[rest.length - 1]!;
  const data = t.dataSync();
  const per = new Map<string, Set<number>>();
  for (let i = 0; i < data.length; i++) {
    const key = `${Math.floor(i / (data.length / n!))},${i % c}`;
    (per.get(key) ?? per.set(key, new Set()).get(key)!).add(data[i]!);
  }
  return [...per.values()].map((s) => s.size);
}

describe("keras.layers", () => {
  beforeEach(() => keras.backend.clearSession());

  test("are called with or without new, and are instances of their class", () => {
    const a = keras.layers.Dense(4), b = new keras.layers.Dense(4);
    assert.ok(a instanceof keras.layers.Dense && b instanceof keras.layers.Dense && a instanceof keras.layers.Layer);
    assert.deepEqual([a.name, b.name], ["dense", "dense_1"]);
    assert.equal(keras.layers.Dropout(0.5, { name: "drop" }).name, "drop");
    assert.ok(keras.Sequential() instanceof keras.LayersModel);
  });

  test("automatic names are Keras' snake_case class names", () => {
    const names = [keras.layers.Conv2D(2, 3), keras.layers.MaxPooling2D(), keras.layers.SpatialDropout1D(0.1), keras.layers.SpatialDropout2D(0.1), keras.layers.GaussianDropout(0.1), keras.layers.GaussianNoise(0.1), keras.layers.AlphaDropout(0.1), keras.layers.Flatten(), keras.layers.Activation("relu")].map((l) => l.name);
    assert.deepEqual(names, ["conv2d", "max_pooling2d", "spatial_dropout1d", "spatial_dropout2d", "gaussian_dropout", "gaussian_noise", "alpha_dropout", "flatten", "activation"]);
  });

  test("the dropout family is ours: each layer's module is the nn module of the same rule", () => {
    const built = (layer: keras.layers.Layer): nn.Module => { layer.build([4, 4, 3]); return layer.module!; };
    assert.ok(built(keras.layers.Dropout(0.3)) instanceof nn.Dropout);
    assert.ok(built(keras.layers.SpatialDropout2D(0.3)) instanceof nn.Dropout);
    assert.ok(built(keras.layers.GaussianDropout(0.3)) instanceof nn.GaussianDropout);
    assert.ok(built(keras.layers.GaussianNoise(0.3)) instanceof nn.GaussianNoise);
    assert.ok(built(keras.layers.AlphaDropout(0.3)) instanceof nn.AlphaDropout);
    assert.equal((built(keras.layers.Dropout(0.3)) as nn.Dropout).p, 0.3, "Keras' rate is our p");
  });

  test("dropout layers are the identity outside training and stochastic with { training: true }", () => {
    manualSeed(0);
    const x = ones(4, 50);
    for (const layer of [keras.layers.Dropout(0.5), keras.layers.GaussianDropout(0.5), keras.layers.GaussianNoise(0.5), keras.layers.AlphaDropout(0.5)]) {
      assert.deepEqual(layer.apply(x).toArray(), x.toArray(), `${layer.className} in inference`);
      assert.notDeepEqual(layer.apply(x, { training: true }).toArray(), x.toArray(), `${layer.className} in training`);
    }
    const dropped = keras.layers.Dropout(0.5).apply(x, { training: true });
    assert.deepEqual([...new Set(dropped.dataSync())].sort(), [0, 2], "inverted dropout: kept units scaled by 1/(1 − rate)");
  });

  test("AlphaDropout's noiseShape shares one mask value where it is 1, as Keras' noise_shape", () => {
    manualSeed(0);
    const y = keras.layers.AlphaDropout(0.5, { noiseShape: [null, 1] }).apply(ones(6, 40), { training: true });
    const rows = y.toArray() as number[][];
    rows.forEach((row, i) => assert.equal(new Set(row).size, 1, `row ${i} has one mask value`));
    assert.equal(new Set(rows.map((r) => r[0])).size, 2, "some rows kept, some dropped");
  });

  test("SpatialDropout1D/2D drop whole channels of channels-last data", () => {
    manualSeed(0);
    const images = keras.layers.SpatialDropout2D(0.5).apply(ones(3, 5, 5, 8), { training: true });
    assert.ok(distinctPerChannel(images).every((k) => k === 1), "one value per (sample, channel)");
    assert.deepEqual([...new Set(images.dataSync())].sort(), [0, 2]);
    const sequences = keras.layers.SpatialDropout1D(0.5).apply(ones(3, 7, 6), { training: true });
    assert.ok(distinctPerChannel(sequences).every((k) => k === 1));
    assert.throws(() => keras.layers.SpatialDropout2D(0.5).apply(ones(3, 8, 8)), {
      name: "ShapeError",
      message: 'layer "spatial_dropout2d_1" (SpatialDropout2D): expected input of rank 4, [*, height, width, channels] (channels last, as Keras), got [*, 8, 8].',
    });
  });

  test("Dropout's noiseShape shares the mask where it has 1 (null: as the input)", () => {
    manualSeed(0);
    const out = keras.layers.Dropout(0.5, { noiseShape: [null, 1, 6] }).apply(ones(4, 9, 6), { training: true });
    assert.ok(distinctPerChannel(out).every((k) => k === 1), "one value per (sample, feature), shared over the 9 steps");
    assert.ok(distinctPerChannel(keras.layers.Dropout(0.5).apply(ones(4, 9, 6), { training: true })).some((k) => k === 2), "without it, steps differ");
  });

  test("rate must be in [0, 1), named with the layer", () => {
    assert.throws(() => keras.layers.Dropout(1.5), { name: "ValueError", message: "keras.layers.Dropout: expected rate to be a probability in [0, 1), got 1.5. Hint: rate is a fraction, not a percentage (1.5% → 0.015)." });
    assert.throws(() => keras.layers.Dropout(20), { name: "ValueError", message: "keras.layers.Dropout: expected rate to be a probability in [0, 1), got 20. Hint: rate is a fraction, not a percentage (20% → 0.2)." });
    assert.throws(() => keras.layers.SpatialDropout2D(1), { name: "ValueError", message: "keras.layers.SpatialDropout2D: expected rate to be a probability in [0, 1), got 1." });
    assert.throws(() => keras.layers.GaussianDropout(-0.1), { name: "ValueError", message: "keras.layers.GaussianDropout: expected rate to be a probability in [0, 1), got -0.1." });
    assert.throws(() => keras.layers.AlphaDropout(NaN), { name: "ValueError", message: "keras.layers.AlphaDropout: expected rate to be a probability in [0, 1), got NaN." });
    assert.throws(() => keras.layers.GaussianNoise(-1), { name: "ValueError", message: "keras.layers.GaussianNoise: expected std to be a finite number ≥ 0, got -1." });
  });

  test("Dense: units over the last axis, useBias, initializers, activations", () => {
    const dense = keras.layers.Dense(3, { useBias: false, kernelInitializer: "ones", activation: "linear" });
    assert.deepEqual(dense.apply(ones(2, 5, 4)).shape, [2, 5, 3]);
    assert.equal(dense.countParams(), 12);
    assert.deepEqual(Array.from(dense.apply(ones(1, 5, 4)).dataSync().slice(0, 3)), [4, 4, 4]);
    assert.throws(() => keras.layers.Dense(0), { name: "ValueError", message: "keras.layers.Dense: expected units to be a positive integer, got 0." });
    assert.throws(() => keras.layers.Dense(4, { kernelInitializer: "glorot" }), { name: "ValueError", message: 'keras.layers.Dense: expected a kernelInitializer among "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "random_uniform", "random_normal", "zeros", "ones", got "glorot".' });
    assert.throws(() => keras.layers.Dense(4, { activation: "rectifier" }), { name: "ValueError", message: 'keras.layers.Dense: expected an activation among "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "gelu", "leaky_relu", got "rectifier".' });
  });

  test("Activation applies Keras' activations; softmax is over the last axis", () => {
    const out = keras.layers.Activation("softmax").apply(randn(2, 3, 5));
    assert.ok(out.sum(-1).sub(1).abs().max().item() < 1e-6);
    assert.deepEqual(keras.layers.Activation("relu").apply(randn(4).reshape([2, 2]).mul(0).sub(1)).toArray(), [[0, 0], [0, 0]]);
  });

  test("Conv2D and MaxPooling2D: output shapes of Keras' valid and same padding", () => {
    const conv = (options: keras.layers.Conv2DOptions) => keras.layers.Conv2D(6, 3, options).apply(keras.Input({ shape: [28, 28, 1] })).shape;
    assert.deepEqual(conv({}), [26, 26, 6]);
    assert.deepEqual(conv({ padding: "same" }), [28, 28, 6]);
    assert.deepEqual(conv({ strides: 2 }), [13, 13, 6]);
    assert.deepEqual(keras.layers.MaxPooling2D(2).apply(keras.Input({ shape: [26, 26, 6] })).shape, [13, 13, 6]);
    assert.deepEqual(keras.layers.MaxPooling2D([3, 3], { strides: 1, padding: "same" }).apply(keras.Input({ shape: [5, 5, 2] })).shape, [5, 5, 2]);
    assert.deepEqual(keras.layers.Conv2D(2, 3, { padding: "same" }).apply(ones(1, 4, 4, 1)).shape, [1, 4, 4, 2]);
  });

  test("Conv2D refuses flat images and asymmetric same padding, naming the layer", () => {
    assert.throws(() => keras.layers.Conv2D(4, 3).apply(keras.Input({ shape: [784] })), {
      name: "ShapeError",
      message: 'layer "conv2d" (Conv2D): expected input of shape [*, height, width, channels] (channels last, as Keras), got [*, 784]. Hint: images stored flat need reshaping first, e.g. x.reshape([-1, 28, 28, 1]) for 28×28 grey images.',
    });
    assert.throws(() => keras.layers.Conv2D(4, 2, { padding: "same" }).apply(keras.Input({ shape: [8, 8, 1] })), {
      name: "ValueError",
      message: 'layer "conv2d_1" (Conv2D): expected padding "same" that pads both sides equally (an odd kernel with stride 1 always does), got 1 pixels of padding for size 8, kernel 2, stride 1. Hint: use an odd kernel size, or padding "valid".',
    });
    assert.throws(() => keras.layers.MaxPooling2D(2).apply(keras.Input({ shape: [1, 1, 3] })), {
      name: "ShapeError",
      message: 'layer "max_pooling2d" (MaxPooling2D): expected images of at least 2×2 pixels for its 2×2 window, got [*, 1, 1, 3].',
    });
  });

  test("a built layer accepts only the shape it was built for", () => {
    const dense = keras.layers.Dense(2, { inputShape: [3] });
    assert.throws(() => dense.apply(ones(5, 4)), { name: "ShapeError", message: 'layer "dense" (Dense): expected input of shape [*, 3], got [5, 4]. Hint: the data\'s samples have shape [4]; give the first layer inputShape: [4], or fix the data.' });
  });
});
