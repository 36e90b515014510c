/**
 * The dropout family as modules. NoiseModule marks every stochastic regulariser (mcPredict switches
 * exactly these to training); DropoutNd validates p once for all rate-based variants, and each
 * variant only says which functional op it runs.
 */
import type { Generator } from "../../random/generator.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import type { MaskStorage } from "../functional/dropout-mask.js";
import { checkMaskStorage } from "../functional/dropout-mask.js";
import {
  alphaDropout, dropout, dropout1d, dropout2d, dropout3d, dropPath, featureAlphaDropout, type FeatureDropoutOptions, lockedDropout, type Scaling,
} from "../functional/dropout.js";
import { Module } from "../module.js";

export interface DropoutModuleOptions {
  inplace?: boolean;
  generator?: Generator;
  /** Keep the mask bit-packed for backward ("bits", default: n/8 bytes) or regenerate it ("regenerate": 0 bytes). */
  maskStorage?: MaskStorage;
}

/** Every member of the dropout family: stochastic in training, deterministic in eval. */
export abstract class NoiseModule extends Module {
  readonly generator: Generator | undefined;

  constructor(generator: Generator | undefined) {
    super();
    this.generator = generator;
  }

  protected get generatorOption(): { generator?: Generator } {
    return this.generator === undefined ? {} : { generator: this.generator };
  }
}

/** The validating base of the rate-based variants: p in [0, 1] (or [0, 1) where p = 1 is undefined). */
export abstract class DropoutNd extends NoiseModule {
  readonly p: number;
  readonly inplace: boolean;
  readonly maskStorage: MaskStorage;

  constructor(p: number, options: DropoutModuleOptions = {}, rules: { allowOne?: boolean } = {}) {
    super(options.generator);
    const where = new.target.name;
    this.p = checkProbability(p, where, { allowOne: rules.allowOne ?? true });
    this.inplace = options.inplace ?? false;
    this.maskStorage = checkMaskStorage(options.maskStorage, where);
  }

  /** The options every functional variant takes, from this module's state. */
  protected opOptions(): FeatureDropoutOptions {
    return { p: this.p, training: this.training, inplace: this.inplace, maskStorage: this.maskStorage, ...this.generatorOption };
  }

  override extraRepr(): string {
    return `p=${this.p}${this.inplace ? ", inplace=true" : ""}`;
  }
}

export interface DropoutWithScalingOptions extends DropoutModuleOptions {
  /** "inverted" (default) or "classic": see F.dropout. */
  scaling?: Scaling;
}

/** Zeroes each element with probability p in training (scaling the rest by 1/(1 − p)); the identity in eval. */
export class Dropout extends DropoutNd {
  readonly scaling: Scaling;

  constructor(p = 0.5, options: DropoutWithScalingOptions = {}) {
    super(p, options);
    this.scaling = options.scaling ?? "inverted";
  }

  forward(x: Tensor): Tensor {
    return dropout(x, { ...this.opOptions(), scaling: this.scaling }, "Dropout");
  }

  override extraRepr(): string {
    return `${super.extraRepr()}${this.scaling === "classic" ? ', scaling="classic"' : ""}`;
  }
}

/** Zeroes whole channels of [N, C, L] (or [C, L]) inputs. */
export class Dropout1d extends DropoutNd {
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return dropout1d(x, this.opOptions(), "Dropout1d");
  }
}

/** Zeroes whole feature maps of [N, C, H, W] (or [C, H, W]) inputs: SpatialDropout2D. */
export class Dropout2d extends DropoutNd {
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return dropout2d(x, this.opOptions(), "Dropout2d");
  }
}

/** Zeroes whole volumes of [N, C, D, H, W] (or [C, D, H, W]) inputs. */
export class Dropout3d extends DropoutNd {
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return dropout3d(x, this.opOptions(), "Dropout3d");
  }
}

/** Dropout for SELU networks: keeps mean 0 and variance 1 of standardised inputs. */
export class AlphaDropout extends DropoutNd {
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return alphaDropout(x, this.opOptions(), "AlphaDropout");
  }
}

/** AlphaDropout with one mask value per (sample, channel). */
export class FeatureAlphaDropout extends DropoutNd {
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return featureAlphaDropout(x, this.opOptions(), "FeatureAlphaDropout");
  }
}

/** Stochastic depth: wrap a residual branch's output, `x + dropPath(branch(x))`; drops whole samples. */
export class DropPath extends DropoutNd {
  constructor(p = 0.1, options: DropoutModuleOptions = {}) {
    super(p, options);
  }
  forward(x: Tensor): Tensor {
    return dropPath(x, this.opOptions(), "DropPath");
  }
}

export interface LockedDropoutModuleOptions extends DropoutModuleOptions {
  /** [N, T, C] input (true) or [T, N, C] (false, default). */
  batchFirst?: boolean;
}

/** Variational RNN dropout: one mask per sequence, shared by all time steps (Gal & Ghahramani 2016). */
export class LockedDropout extends DropoutNd {
  readonly batchFirst: boolean;

  constructor(p = 0.5, options: LockedDropoutModuleOptions = {}) {
    super(p, options);
    this.batchFirst = options.batchFirst ?? false;
  }

  forward(x: Tensor): Tensor {
    return lockedDropout(x, { ...this.opOptions(), batchFirst: this.batchFirst }, "LockedDropout");
  }
}
