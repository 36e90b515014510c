/**
 * W3: the Keras tutorial's MLP (Dense 784→512 ReLU, Dropout 0.2, Dense 10 softmax; Adam 1e-3;
 * batch 128; validationSplit 0.2, so 48 000 train and 12 000 validated every epoch): seconds per
 * epoch (validation included, as Keras' fit) and test accuracy.
 */
import { evaluate, fit, manualSeed, nn, optim } from "dropout-ts";
import { loadFashion } from "./fashion.js";
import type { Measure } from "./measure.js";
import { pick } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { type EpochRun, tfjsMlp } from "./peers/tfjs-mlp.js";
import { torchWorkload } from "./peers/torch.js";

async function ours(epochs: number): Promise<EpochRun> {
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  const generator = manualSeed(0);
  // Softmax + categorical crossentropy, computed from logits as Keras does in effect.
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 512), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(512, 10));
  const seconds: number[] = [];
  let t0 = 0;
  await fit(model, [xTrain, yTrain], {
    epochs, batchSize: 128, validationSplit: 0.2, generator, verbose: 0,
    optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }), loss: new nn.CrossEntropyLoss(),
    callbacks: [{ onEpochBegin: () => { t0 = performance.now(); }, onEpochEnd: () => { seconds.push((performance.now() - t0) / 1000); } }],
  });
  return { seconds, accuracy: evaluate(model, [xTest, yTest]).accuracy! };
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
