/**
 * W1: the seed MLP (Flatten, Linear 784→256, ReLU, Dropout 0.5, Linear 256→10; Adam 1e-3;
 * CrossEntropyLoss; batch 64, shuffled) on preloaded Fashion-MNIST: seconds per training epoch and
 * test accuracy in eval mode — ours, TensorFlow.js (wasm) and PyTorch, in one run.
 */
import { data, evaluate, manualSeed, nn, optim, tidyEach } from "dropout-ts";
import { loadFashion } from "./fashion.js";
import type { Measure } from "./measure.js";
import { pick } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { type EpochRun, tfjsMlp } from "./peers/tfjs-mlp.js";
import { torchWorkload } from "./peers/torch.js";

/** `scoped`: the loop over tidyEach, as README recommends; otherwise the tutorial's loop as written. */
function ours(epochs: number, scoped: boolean): EpochRun {
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  const generator = manualSeed(0);
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(256, 10));
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const criterion = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(new data.TensorDataset(xTrain, yTrain), { batchSize: 64, shuffle: true, generator });
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    model.train();
    for (const [x, y] of scoped ? tidyEach(loader, { keep: [model, optimizer] }) : loader) {
      optimizer.zeroGrad();
      criterion.forward(model.forward(x), y).backward();
      optimizer.step();
    }
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, accuracy: evaluate(model, [xTest, yTest]).accuracy! };
}

export async function w1(o: BenchOptions): Promise<Measure[]> {
  const mine = ours(o.epochs, true);
  const unscoped = ours(o.epochs, false);
  const tf = await tfjsMlp({ hidden: 256, rate: 0.5, batchSize: 64, epochs: o.epochs });
  const torch = torchWorkload<EpochRun>("w1", o.epochs);
  const seconds = (r: EpochRun): number[] => r.seconds, accuracy = (r: EpochRun): number[] => [r.accuracy];
  return [
    { workload: "W1 MLP", measure: "s per epoch", compare: "lower is better", ours: mine.seconds, tfjs: pick(tf, seconds), torch: pick(torch, seconds) },
    { workload: "W1 MLP", measure: "s per epoch, loop without tidyEach", compare: "lower is better", ours: unscoped.seconds, tfjs: pick(tf, seconds), torch: pick(torch, seconds) },
    { workload: "W1 MLP", measure: `test accuracy, ${o.epochs} epochs`, compare: "no", ours: [mine.accuracy], tfjs: pick(tf, accuracy), torch: pick(torch, accuracy) },
  ];
}
