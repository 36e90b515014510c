/**
 * W2: the seed CNN (Conv2d 1→32 3, ReLU, MaxPool 2, Conv2d 32→64 3, ReLU, MaxPool 2, Flatten,
 * Linear 1600→128, ReLU, Dropout 0.5, Linear 128→10; Adam 1e-3; batch 64): seconds per epoch,
 * extrapolated from chunks of 100 batches for every library alike (a full epoch of ours still takes minutes).
 */
import { data, manualSeed, nn, optim, tidyEach } from "dropout-ts";
import { loadFashion } from "./fashion.js";
import type { Measure } from "./measure.js";
import type { BenchOptions } from "./options.js";
import { tfjsW2 } from "./peers/tfjs-w2.js";
import { torchWorkload } from "./peers/torch.js";

const BATCHES_PER_EPOCH = Math.ceil(60_000 / 64);

function ours(chunks: number): number[] {
  const { xTrain, yTrain } = loadFashion();
  const generator = manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(1600, 128), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(128, 10),
  );
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const criterion = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(new data.TensorDataset(xTrain.reshape([-1, 1, 28, 28]), yTrain), { batchSize: 64, shuffle: true, generator });
  // Each batch in its own memory scope (tidyEach, as README recommends for hand-written loops).
  const batches = tidyEach(loader, { keep: [model, optimizer] });
  const seconds: number[] = [];
  model.train();
  for (let c = 0; c < chunks; c++) {
    const t0 = performance.now();
    for (let b = 0; b < 100; b++) {
      const [x, y] = batches.next().value!;
      optimizer.zeroGrad();
      criterion.forward(model.forward(x), y).backward();
      optimizer.step();
    }
    seconds.push(((performance.now() - t0) / 1000 / 100) * BATCHES_PER_EPOCH);
  }
  batches.return();
  return seconds;
}

export async function w2(o: BenchOptions): Promise<Measure[]> {
  const mine = ours(o.chunks);
  const tf = await tfjsW2(o.chunks, BATCHES_PER_EPOCH);
  const torch = torchWorkload<{ seconds: number[] }>("w2", o.chunks);
  return [{ workload: "W2 CNN", measure: "s per epoch (from 100-batch chunks)", compare: "lower is better", ours: mine, tfjs: tf, torch: typeof torch === "string" ? torch : torch.seconds }];
}
