import { ValueError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOptimizer = Optimizer<any>;

/**
 * Learning-rate schedules, as torch.optim.lr_scheduler: call `step()` once per epoch (after the
 * optimizer's steps). Each sets every group's lr from its initial lr and the epoch count.
 */
export abstract class LRScheduler {
  readonly baseLrs: number[];
  lastEpoch = 0;

  constructor(readonly optimizer: AnyOptimizer) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lr of each group at `epoch`. */
  protected abstract lrAt(epoch: number, baseLr: number, groupIndex: number): number;

  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => { g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i]!, i); });
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): { lastEpoch: number; baseLrs: number[] } {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(state: { lastEpoch: number; baseLrs: number[] }): void {
    this.lastEpoch = state.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...state.baseLrs);
  }
}

/** lr · gamma^⌊epoch / stepSize⌋. */
export class StepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly stepSize: number, readonly options: { gamma?: number } = {}) {
    super(optimizer);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new ValueError({ where: "StepLR", expected: "a positive integer stepSize", got: String(stepSize) });
  }
  protected lrAt(epoch: number, base: number): number {
    return base * Math.pow(this.options.gamma ?? 0.1, Math.floor(epoch / this.stepSize));
  }
}

/** lr · gamma^(number of milestones passed). */
export class MultiStepLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly milestones: readonly number[], readonly options: { gamma?: number } = {}) {
    super(optimizer);
  }
  protected lrAt(epoch: number, base: number): number {
    const passed = this.milestones.filter((m) => m <= epoch).length;
    return base * Math.pow(this.options.gamma ?? 0.1, passed);
  }
}

/** lr · gamma^epoch. */
export class ExponentialLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly gamma: number) {
    super(optimizer);
  }
  protected lrAt(epoch: number, base: number): number {
    return base * Math.pow(this.gamma, epoch);
  }
}

/** etaMin + (lr − etaMin)(1 + cos(π·epoch/tMax))/2. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly tMax: number, readonly options: { etaMin?: number } = {}) {
    super(optimizer);
    if (!(tMax > 0)) throw new ValueError({ where: "CosineAnnealingLR", expected: "tMax > 0", got: String(tMax) });
  }
  protected lrAt(epoch: number, base: number): number {
    const etaMin = this.options.etaMin ?? 0;
    return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

/** Scales lr linearly from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  constructor(optimizer: AnyOptimizer, readonly options: { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    super(optimizer);
    const s = options.startFactor ?? 1 / 3;
    if (!(s > 0 && s <= 1)) throw new ValueError({ where: "LinearLR", expected: "startFactor in (0, 1]", got: String(s) });
    optimizer.paramGroups.forEach((g, i) => { g.lr = this.baseLrs[i]! * s; });
  }
  protected lrAt(epoch: number, base: number): number {
    const s = this.options.startFactor ?? 1 / 3, e = this.options.endFactor ?? 1, total = this.options.totalIters ?? 5;
    return base * (s + ((e - s) * Math.min(epoch, total)) / total);
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number;
  eps?: number;
}

/** Cuts lr by `factor` when a metric stops improving for `patience` epochs; call step(metric). */
export class ReduceLROnPlateau {
  private best: number;
  private badEpochs = 0;
  private cooldownLeft = 0;
  readonly opts: Required<ReduceLROnPlateauOptions>;

  constructor(readonly optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    this.opts = { mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel", cooldown: 0, minLr: 0, eps: 1e-8, ...options };
    if (!(this.opts.factor < 1 && this.opts.factor >= 0)) throw new ValueError({ where: "ReduceLROnPlateau", expected: "factor in [0, 1)", got: String(this.opts.factor) });
    this.best = this.opts.mode === "min" ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { mode, threshold, thresholdMode } = this.opts;
    if (mode === "min") return thresholdMode === "rel" ? value < this.best * (1 - threshold) : value < this.best - threshold;
    return thresholdMode === "rel" ? value > this.best * (1 + threshold) : value > this.best + threshold;
  }

  step(metric: number): void {
    if (this.isBetter(metric)) {
      this.best = metric;
      this.badEpochs = 0;
    } else this.badEpochs++;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > this.opts.patience) {
      for (const g of this.optimizer.paramGroups) {
        const next = Math.max(g.lr * this.opts.factor, this.opts.minLr);
        if (g.lr - next > this.opts.eps) g.lr = next;
      }
      this.cooldownLeft = this.opts.cooldown;
      this.badEpochs = 0;
    }
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
