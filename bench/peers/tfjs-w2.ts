/** W2 in TensorFlow.js (wasm): the seed CNN, timed over chunks of 100 batches, or the reason it cannot train. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { tfjsWasm } from "./tfjs-mlp.js";

export async function tfjsW2(chunks: number, batchesPerEpoch: number): Promise<number[] | string> {
  const unavailable = await tfjsWasm();
  if (unavailable !== null) return unavailable;
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy" });
  const x = tf.randomNormal([64, 28, 28, 1]), y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32"), 10);
  try {
    await model.trainOnBatch(x, y);
  } catch (e) {
    return `cannot train (${(e as Error).message.split("\n")[0]!.slice(0, 60)})`;
  }
  const seconds: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const t0 = performance.now();
    for (let b = 0; b < 100; b++) await model.trainOnBatch(x, y);
    seconds.push(((performance.now() - t0) / 1000 / 100) * batchesPerEpoch);
  }
  tf.dispose([x, y]);
  model.dispose();
  return seconds;
}
