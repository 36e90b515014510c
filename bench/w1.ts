/**
 * W1: the seed MLP (Flatten, Linear 784→256, ReLU, Dropout 0.5, Linear 256→10; Adam 1e-3;
 * CrossEntropyLoss; batch 64, shuffled) on preloaded Fashion-MNIST: seconds per training epoch
 * (median of the epochs run) and test accuracy in eval mode — ours, TensorFlow.js (wasm backend)
 * and PyTorch (when python3 with torch is available), side by side in one run.
 */
import { data, evaluate, manualSeed, nn, optim } from "dropout-ts";
import type { Rows } from "./run.js";
import { loadFashion } from "./fashion.js";
import { tfjsW1 } from "./peers/tfjs-w1.js";
import { torchWorkload } from "./peers/torch.js";
import { median, spread } from "./timing.js";

const EPOCHS = 3;

function ours(): { seconds: number[]; accuracy: number } {
  const { xTrain, yTrain, xTest, yTest } = loadFashion();
  const generator = manualSeed(0);
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(256, 10));
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const criterion = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(new data.TensorDataset(xTrain, yTrain), { batchSize: 64, shuffle: true, generator });
  const seconds: number[] = [];
  for (let e = 0; e < EPOCHS; e++) {
    const t0 = performance.now();
    model.train();
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      criterion.forward(model.forward(x), y).backward();
      optimizer.step();
    }
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, accuracy: evaluate(model, [xTest, yTest]).accuracy! };
}

export async function w1(): Promise<Rows> {
  const mine = ours();
  const tf = await tfjsW1(EPOCHS);
  const torch = torchWorkload("w1", EPOCHS);
  const row = (name: string, r: { seconds: number[]; accuracy: number } | string): Record<string, string | number> =>
    typeof r === "string"
      ? { library: name, "s/epoch (median)": r, spread: "", [`test acc after ${EPOCHS} epochs`]: "", "ours ×faster": "" }
      : { library: name, "s/epoch (median)": Number(median(r.seconds).toFixed(2)), spread: spread(r.seconds), [`test acc after ${EPOCHS} epochs`]: Number(r.accuracy.toFixed(4)), "ours ×faster": Number((median(r.seconds) / median(mine.seconds)).toFixed(2)) };
  return [row("dropout-ts (" + (await import("dropout-ts")).getBackend().name + ")", mine), row("TensorFlow.js 4.22 (wasm)", tf), row("PyTorch (CPU, OpenBLAS)", torch)];
}
