import type { Logs } from "./callbacks.js";

/** Per-epoch figures of a fit, under Keras' names: history.loss, history.accuracy, history.val_loss, … */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
