import type { Callback, Logs, TrainContext } from "../index.js";
import { save } from "./save.js";

export interface ModelCheckpointOptions {
  monitor?: string;
  mode?: "min" | "max" | "auto";
  /** Save only when the monitored figure improves (default), or after every epoch. */
  saveBestOnly?: boolean;
}

/**
 * Saves the model's state dict as safetensors after epochs, as Keras' ModelCheckpoint. `path` may
 * contain `{epoch}`, replaced by the 1-based epoch number.
 */
export class ModelCheckpoint implements Callback {
  private best = NaN;
  readonly options: Required<ModelCheckpointOptions>;
  readonly saved: string[] = [];

  constructor(readonly path: string, options: ModelCheckpointOptions = {}) {
    this.options = { monitor: "val_loss", mode: "auto", saveBestOnly: true, ...options };
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): void {
    const value = logs[this.options.monitor];
    const maximize = this.options.mode === "max" || (this.options.mode === "auto" && this.options.monitor.includes("acc"));
    if (this.options.saveBestOnly) {
      if (value === undefined) return;
      const better = Number.isNaN(this.best) || (maximize ? value > this.best : value < this.best);
      if (!better) return;
      this.best = value;
    }
    const file = this.path.replaceAll("{epoch}", String(epoch + 1));
    save(ctx.model.stateDict(), file, { epoch: String(epoch + 1), ...(value === undefined ? {} : { [this.options.monitor]: String(value) }) });
    this.saved.push(file);
  }
}
