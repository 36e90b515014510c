import type { Generator } from "../../random/generator.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkStd, gaussianDropout, gaussianNoise } from "../functional/noise.js";
import { type DropoutModuleOptions, DropoutNd, NoiseModule } from "./dropout.js";

/** Multiplies by Gaussian noise N(1, p/(1 − p)) in training; p = 1 has no meaning here. */
export class GaussianDropout extends DropoutNd {
  constructor(p = 0.5, options: Omit<DropoutModuleOptions, "maskStorage"> = {}) {
    super(p, options, { allowOne: false });
  }

  forward(x: Tensor): Tensor {
    return gaussianDropout(x, { p: this.p, training: this.training, inplace: this.inplace, ...this.generatorOption }, "GaussianDropout");
  }
}

/** Adds Gaussian noise N(0, std²) in training; the identity in eval. */
export class GaussianNoise extends NoiseModule {
  readonly std: number;
  readonly inplace: boolean;

  constructor(std: number, options: { inplace?: boolean; generator?: Generator } = {}) {
    super(options.generator);
    this.std = checkStd(std, "GaussianNoise");
    this.inplace = options.inplace ?? false;
  }

  forward(x: Tensor): Tensor {
    return gaussianNoise(x, { std: this.std, training: this.training, inplace: this.inplace, ...this.generatorOption }, "GaussianNoise");
  }

  override extraRepr(): string {
    return `std=${this.std}`;
  }
}
