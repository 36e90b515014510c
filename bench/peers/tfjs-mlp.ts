/** W1 and W3 in TensorFlow.js with its wasm backend: the same models and settings as ours. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { loadFashion } from "../fashion.js";

export interface EpochRun { seconds: number[]; accuracy: number }

/** Switches TensorFlow.js to its wasm backend, or says why it cannot. */
export async function tfjsWasm(): Promise<string | null> {
  try {
    await tf.setBackend("wasm");
    await tf.ready();
    return null;
  } catch (e) {
    return `not available (${(e as Error).message})`;
  }
}

/** Dense(hidden, relu) → Dropout(rate) → Dense(10, softmax), Adam 1e-3, for `epochs` one-epoch fits. */
export async function tfjsMlp(options: { hidden: number; rate: number; batchSize: number; epochs: number; validationSplit?: number }): Promise<EpochRun | string> {
  const unavailable = await tfjsWasm();
  if (unavailable !== null) return unavailable;
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  const x = tf.tensor2d(xTrain.dataSync() as Float32Array, [xTrain.shape[0]!, 784]);
  const y = tf.oneHot(tf.tensor1d(yTrain.dataSync() as Int32Array, "int32"), 10);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: options.hidden, activation: "relu" }),
      tf.layers.dropout({ rate: options.rate }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const seconds: number[] = [];
  for (let e = 0; e < options.epochs; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { batchSize: options.batchSize, epochs: 1, shuffle: true, verbose: 0, validationSplit: options.validationSplit ?? 0 });
    seconds.push((performance.now() - t0) / 1000);
  }
  const xt = tf.tensor2d(xTest.dataSync() as Float32Array, [xTest.shape[0]!, 784]);
  const pred = (model.predict(xt) as tf.Tensor).argMax(1).dataSync();
  const labels = yTest.dataSync();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) correct++;
  tf.dispose([x, y, xt]);
  model.dispose();
  return { seconds, accuracy: correct / labels.length };
}
