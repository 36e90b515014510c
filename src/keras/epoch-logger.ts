import type { Callback, Logs, TrainContext } from "../train/callbacks.js";

/**
 * fit's `verbose` output, in Keras' one-line-per-epoch form (its verbose=2):
 *   Epoch 1/5
 *   375/375 - 4.1s - loss: 0.5312 - accuracy: 0.8125 - val_loss: 0.4103 - val_accuracy: 0.8530 - 11ms/step
 */
export class EpochLogger implements Callback {
  constructor(private readonly keys: readonly string[], private readonly print: (line: string) => void = (line) => console.log(line)) {}

  onEpochBegin(epoch: number, ctx: TrainContext): void {
    this.print(`Epoch ${epoch + 1}/${ctx.epochs}`);
  }

  onEpochEnd(_epoch: number, logs: Logs, ctx: TrainContext): void {
    const seconds = logs["seconds"] ?? 0;
    const steps = ctx.stepsPerEpoch;
    const figures = this.keys.filter((k) => logs[k] !== undefined).map((k) => `${k}: ${logs[k]!.toFixed(4)}`);
    this.print([`${steps}/${steps}`, `${seconds.toFixed(1)}s`, ...figures, `${Math.round((seconds * 1000) / steps)}ms/step`].join(" - "));
  }
}
