import { ValueError } from "../../errors.js";
import { add, div, mul, sub } from "../../ops/binary.js";
import { log, sigmoid } from "../../ops/unary.js";
import { sum } from "../../ops/reduce.js";
import type { Generator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import { concreteDropout } from "../functional/concrete-dropout.js";
import type { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { NoiseModule } from "./dropout.js";

export interface ConcreteDropoutOptions {
  /** The layer the dropout feeds (its weights enter the regulariser), as in Gal et al.'s wrapper. */
  layer?: Module;
  /** Relaxation temperature (default 0.1). */
  temperature?: number;
  /** λ for the weight term: weightRegularizer·Σθ²/(1 − p) (default 1e-6; the paper uses l²/(τN)). */
  weightRegularizer?: number;
  /** λ for the entropy term: dropoutRegularizer·K·(p log p + (1 − p) log(1 − p)) (default 1e-5; 2/(τN)). */
  dropoutRegularizer?: number;
  generator?: Generator;
}

/**
 * Concrete dropout (Gal, Hron & Kendall 2017): dropout whose rate p is a parameter, learned by
 * gradient descent through the concrete relaxation. Add `regularization()` to the loss, or the rate
 * has no reason to stay away from 0.
 */
export class ConcreteDropout extends NoiseModule {
  readonly pLogit: Parameter;
  readonly layer: Module | null;
  readonly temperature: number;
  readonly weightRegularizer: number;
  readonly dropoutRegularizer: number;
  /** Features per sample of the last input (K in the regulariser). */
  private inputFeatures = 0;

  constructor(initialP = 0.1, options: ConcreteDropoutOptions = {}) {
    super(options.generator);
    const where = "ConcreteDropout";
    const p = checkProbability(initialP, where);
    if (!(p > 0)) throw new ValueError({ where, expected: "an initial p in (0, 1) (its logit must be finite)", got: String(initialP) });
    this.pLogit = new Parameter(Tensor.fromArray(new Float32Array([Math.log(p / (1 - p))]), [1], "float32"));
    this.layer = options.layer ?? null;
    this.temperature = options.temperature ?? 0.1;
    this.weightRegularizer = options.weightRegularizer ?? 1e-6;
    this.dropoutRegularizer = options.dropoutRegularizer ?? 1e-5;
  }

  /** The current drop rate sigmoid(pLogit). */
  get p(): number {
    return 1 / (1 + Math.exp(-this.pLogit.item()));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(x: Tensor): any {
    this.inputFeatures = x.shape.length > 1 ? x.numel() / x.shape[0]! : x.numel();
    const dropped = concreteDropout(x, this.pLogit, { training: this.training, temperature: this.temperature, ...this.generatorOption }, "ConcreteDropout");
    return this.layer === null ? dropped : this.layer.forward(dropped);
  }

  /** The variational regulariser (a scalar tensor to add to the loss); needs one forward first for K. */
  regularization(): Tensor {
    const p = sigmoid(this.pLogit);
    const oneMinusP = sub(1, p);
    let weights: Tensor = Tensor.fromArray(new Float32Array([0]), [1], "float32");
    for (const param of this.layer?.parameters() ?? []) weights = add(weights, sum(mul(param, param)));
    const weightTerm = mul(div(weights, oneMinusP), this.weightRegularizer);
    const negEntropy = add(mul(p, log(p)), mul(oneMinusP, log(oneMinusP)));
    return sum(add(weightTerm, mul(negEntropy, this.dropoutRegularizer * this.inputFeatures)));
  }

  override extraRepr(): string {
    return `p=${this.p.toFixed(4)}, temperature=${this.temperature}`;
  }
}

/** The sum of every ConcreteDropout's regulariser in `model`: add it to the training loss. */
export function concreteDropoutRegularization(model: Module): Tensor {
  let total: Tensor = Tensor.fromArray(new Float32Array([0]), [], "float32");
  for (const m of model.modules()) if (m instanceof ConcreteDropout) total = add(total, m.regularization());
  return total;
}
