import { ShapeError } from "../../errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt } from "../../util/check.js";
import { fmtShape } from "../../util/shape.js";
import { batchNorm, layerNorm } from "../functional/normalization.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/** Shared by BatchNorm1d and BatchNorm2d: they differ only in the ranks they accept. */
abstract class BatchNormBase extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number;
  protected abstract readonly ranks: readonly number[];

  constructor(readonly numFeatures: number, options: BatchNormOptions = {}) {
    super();
    checkPositiveInt(numFeatures, this.constructor.name, "numFeatures");
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    const affine = options.affine ?? true;
    this.weight = affine ? new Parameter(Tensor.empty([numFeatures], "float32").fill_(1)) : null;
    this.bias = affine ? new Parameter(Tensor.empty([numFeatures], "float32")) : null;
    const track = options.trackRunningStats ?? true;
    this.registerBuffer("runningMean", track ? Tensor.empty([numFeatures], "float32") : null);
    this.registerBuffer("runningVar", track ? Tensor.empty([numFeatures], "float32").fill_(1) : null);
    this.registerBuffer("numBatchesTracked", track ? Tensor.empty([], "int32") : null);
  }

  forward(x: Tensor): Tensor {
    const name = `${this.constructor.name}(${this.numFeatures})`;
    if (!this.ranks.includes(x.shape.length) || x.shape[1] !== this.numFeatures) {
      const c = this.numFeatures;
      const want = this.ranks.length === 2 ? `[N, ${c}] or [N, ${c}, L]` : `[N, ${c}, H, W]`;
      throw new ShapeError({ where: name, expected: `input of shape ${want}`, got: fmtShape(x.shape) });
    }
    if (this.training && this.numBatchesTracked !== null) this.numBatchesTracked.add_(1);
    return batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, { training: this.training, momentum: this.momentum, eps: this.eps }, name);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}

/** BatchNorm over [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3] as const;
}

/** BatchNorm over [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4] as const;
}

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], readonly options: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? new Parameter(Tensor.empty(this.normalizedShape, "float32").fill_(1)) : null;
    this.bias = affine ? new Parameter(Tensor.empty(this.normalizedShape, "float32")) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.options.eps ?? 1e-5, `LayerNorm(${fmtShape(this.normalizedShape)})`);
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.options.eps ?? 1e-5}, elementwiseAffine=${this.weight !== null}`;
  }
}
