/**
 * W3: the Keras tutorial's MLP (Dense 784→512 ReLU, Dropout 0.2, Dense 10 softmax; Adam 1e-3;
 * batch 128; validationSplit 0.2, so 48 000 train and 12 000 validated every epoch): seconds per
 * epoch (validation included, as Keras' fit) and test accuracy.
 */
import { keras, manualSeed } from "dropout-ts";
import { loadFashion } from "./fashion.js";
import type { Measure } from "./measure.js";
import { pick } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { type EpochRun, tfjsMlp } from "./peers/tfjs-mlp.js";
import { torchWorkload } from "./peers/torch.js";

/** The tutorial's Keras program in our keras front end. */
async function ours(epochs: number): Promise<EpochRun> {
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  manualSeed(0);
  const model = keras.Sequential();
  model.add(keras.layers.Dense(512, { activation: "relu", inputShape: [784] }));
  model.add(keras.layers.Dropout(0.2));
  model.add(keras.layers.Dense(10, { activation: "softmax" }));
  model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
  const history = await model.fit(xTrain.reshape([-1, 784]), keras.utils.toCategorical(yTrain), { epochs, batchSize: 128, validationSplit: 0.2, verbose: 0 });
  const [, accuracy] = model.evaluate(xTest.reshape([-1, 784]), keras.utils.toCategorical(yTest), { batchSize: 256 });
  return { seconds: history.seconds, accuracy: accuracy! };
}

export async function w3(o: BenchOptions): Promise<Measure[]> {
  const mine = await ours(o.epochs);
  const tf = await tfjsMlp({ hidden: 512, rate: 0.2, batchSize: 128, epochs: o.epochs, validationSplit: 0.2 });
  const torch = torchWorkload<EpochRun>("w3", o.epochs);
  const seconds = (r: EpochRun): number[] => r.seconds, accuracy = (r: EpochRun): number[] => [r.accuracy];
  return [
    { workload: "W3 Keras MLP", measure: "s per epoch (with validation)", compare: "lower is better", ours: mine.seconds, tfjs: pick(tf, seconds), torch: pick(torch, seconds) },
    { workload: "W3 Keras MLP", measure: `test accuracy, ${o.epochs} epochs`, compare: "no", ours: [mine.accuracy], tfjs: pick(tf, accuracy), torch: pick(torch, accuracy) },
  ];
}
