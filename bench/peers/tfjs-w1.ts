/** W1 in TensorFlow.js with its wasm backend, the same model and settings as ours. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { loadFashion } from "../fashion.js";

export async function tfjsW1(epochs: number): Promise<{ seconds: number[]; accuracy: number } | string> {
  try {
    await tf.setBackend("wasm");
    await tf.ready();
  } catch (e) {
    return `not available (${(e as Error).message})`;
  }
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  const x = tf.tensor2d(xTrain.dataSync() as Float32Array, [xTrain.shape[0]!, 784]);
  const y = tf.oneHot(tf.tensor1d(yTrain.dataSync() as Int32Array, "int32"), 10);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: "relu" }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { batchSize: 64, epochs: 1, shuffle: true, verbose: 0 });
    seconds.push((performance.now() - t0) / 1000);
  }
  const xt = tf.tensor2d(xTest.dataSync() as Float32Array, [xTest.shape[0]!, 784]);
  const pred = (model.predict(xt) as tf.Tensor).argMax(1).dataSync();
  const labels = yTest.dataSync();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) correct++;
  tf.dispose([x, y, xt]);
  return { seconds, accuracy: correct / labels.length };
}
