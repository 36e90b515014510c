import type { Module } from "../nn/module.js";
import type { History } from "./history.js";

/** Per-epoch figures: loss, accuracy, val_loss, val_accuracy (Keras' names), and more from custom metrics. */
export type Logs = Record<string, number>;

/** What a callback can see and steer during fit. */
export interface TrainContext {
  readonly model: Module;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly history: History;
  /** Set by a callback to end training after the current epoch. */
  stopTraining: boolean;
}

/** Hooks into fit, as Keras callbacks. Every method is optional; async ones are awaited. */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
}

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  mode?: "min" | "max" | "auto";
  /** Put back the weights of the best epoch when training stops. */
  restoreBestWeights?: boolean;
}

/** Stops training when the monitored figure has not improved for `patience` epochs. */
export class EarlyStopping implements Callback {
  private best = NaN;
  private wait = 0;
  private bestState: Record<string, import("../tensor/tensor.js").Tensor> | null = null;
  stoppedEpoch = -1;
  readonly options: Required<EarlyStoppingOptions>;

  constructor(options: EarlyStoppingOptions = {}) {
    this.options = { monitor: "val_loss", minDelta: 0, patience: 0, mode: "auto", restoreBestWeights: false, ...options };
  }

  private get maximize(): boolean {
    return this.options.mode === "max" || (this.options.mode === "auto" && this.options.monitor.includes("acc"));
  }

  onTrainBegin(): void {
    this.best = NaN;
    this.wait = 0;
    this.bestState = null;
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): void {
    const value = logs[this.options.monitor];
    if (value === undefined) return;
    const delta = this.options.minDelta;
    const improved = Number.isNaN(this.best) || (this.maximize ? value > this.best + delta : value < this.best - delta);
    if (improved) {
      this.best = value;
      this.wait = 0;
      if (this.options.restoreBestWeights) this.bestState = Object.fromEntries(Object.entries(ctx.model.stateDict()).map(([k, v]) => [k, v.clone()]));
      return;
    }
    this.wait++;
    if (this.wait > this.options.patience) {
      this.stoppedEpoch = epoch;
      ctx.stopTraining = true;
      if (this.bestState !== null) ctx.model.loadStateDict(this.bestState);
    }
  }
}

/** A callback from plain functions. */
export class LambdaCallback implements Callback {
  constructor(hooks: Callback) {
    Object.assign(this, hooks);
  }
}
