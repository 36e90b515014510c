import { openMemoryScope } from "../autograd/tidy.js";
import { ValueError } from "../errors.js";
import type { Module } from "../nn/module.js";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
import type { Optimizer } from "../optim/optimizer.js";
import type { Generator } from "../random/generator.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Callback, Logs, TrainContext } from "./callbacks.js";
import { loaderFor, splitTail, toDataset, type TrainData } from "./data-source.js";
import { callLoss, evaluate, type LossFn } from "./evaluate.js";
import { History } from "./history.js";
import { accuracyApplies, countCorrect } from "./metrics.js";

export interface FitOptions {
  epochs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  optimizer: Optimizer<any>;
  loss: LossFn;
  /** Samples per step (default 32, as Keras); ignored when trainData is a DataLoader. */
  batchSize?: number;
  /** Hold out the last fraction of trainData (before shuffling) for validation, as Keras. */
  validationSplit?: number;
  validationData?: TrainData;
  shuffle?: boolean;
  generator?: Generator;
  callbacks?: readonly Callback[];
  /** 0: silent; 1 or 2: a line per epoch through `log` (use the ProgressBar callback for a bar). */
  verbose?: 0 | 1 | 2;
  log?: (line: string) => void;
}

/** Trains `model` for `epochs` epochs and returns the per-epoch History (loss, accuracy, val_loss, val_accuracy). */
export async function fit(model: Module, trainData: TrainData, options: FitOptions): Promise<History> {
  const where = "fit";
  if (!(Number.isInteger(options.epochs) && options.epochs > 0)) throw new ValueError({ where, expected: "epochs to be a positive integer", got: String(options.epochs) });
  const batchSize = options.batchSize ?? 32;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new ValueError({ where, expected: "batchSize to be a positive integer", got: String(batchSize) });
  if (options.validationSplit !== undefined && options.validationData !== undefined) {
    throw new ValueError({ where, expected: "either validationSplit or validationData", got: "both" });
  }
  let train: TrainData = trainData;
  let validation = options.validationData;
  if (options.validationSplit !== undefined) {
    [train, validation] = splitTail(toDataset(trainData, where), options.validationSplit, where);
  }
  const loader = loaderFor(train, batchSize, options.shuffle ?? true, options.generator, where);
  const history = new History();
  const ctx: TrainContext = { model, epochs: options.epochs, stepsPerEpoch: loader.length, history, stopTraining: false };
  const callbacks = options.callbacks ?? [];
  const log = options.log ?? ((line: string) => console.log(line));
  const { optimizer, loss } = options;

  for (const c of callbacks) await c.onTrainBegin?.(ctx);
  for (let epoch = 0; epoch < options.epochs && !ctx.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
    const started = performance.now();
    model.train();
    let lossSum = 0, correct = 0, seen = 0, batch = 0, classifying = true;
    const batches = loader[Symbol.iterator]();
    for (;;) {
      // Each step's temporaries go back to the backend when the step ends (see autograd/tidy.ts);
      // what survives is what the model, the optimizer, the loss and the data hold.
      const scope = openMemoryScope();
      let next: IteratorResult<[Tensor, Tensor]>;
      let b: number;
      try {
        next = batches.next();
        if (next.done === true) break;
        const [x, y] = next.value;
        optimizer.zeroGrad();
        const out = model.forward(x) as Tensor;
        const l = callLoss(loss, out, y);
        l.backward();
        optimizer.step();
        b = x.shape[0]!;
        lossSum += l.item() * b;
        classifying &&= accuracyApplies(out, y);
        if (classifying) correct += countCorrect(out, y);
      } finally {
        scope.close([model, optimizer, loss, loader]);
      }
      seen += b;
      const running: Logs = { loss: lossSum / seen, size: b };
      if (classifying) running["accuracy"] = correct / seen;
      for (const c of callbacks) await c.onBatchEnd?.(batch, running, ctx);
      batch++;
    }
    const logs: Logs = { loss: lossSum / seen };
    if (classifying) logs["accuracy"] = correct / seen;
    if (validation !== undefined) {
      const v = evaluate(model, validation, { loss, batchSize: Math.max(batchSize, 256) });
      logs["val_loss"] = v.loss!;
      if (v.accuracy !== undefined) logs["val_accuracy"] = v.accuracy;
    }
    logs["seconds"] = (performance.now() - started) / 1000;
    history.record(epoch, logs);
    if ((options.verbose ?? 0) > 0) log(formatEpoch(epoch, options.epochs, logs));
    for (const c of callbacks) await c.onEpochEnd?.(epoch, logs, ctx);
  }
  for (const c of callbacks) await c.onTrainEnd?.(ctx);
  return history;
}

export function formatEpoch(epoch: number, epochs: number, logs: Logs): string {
  const parts = Object.entries(logs).filter(([k]) => k !== "seconds").map(([k, v]) => `${k} ${v.toFixed(4)}`);
  return `Epoch ${epoch + 1}/${epochs} - ${(logs["seconds"] ?? 0).toFixed(1)}s - ${parts.join(" - ")}`;
}
