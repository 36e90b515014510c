/**
 * Monte-Carlo dropout (Gal & Ghahramani 2016): keep the dropout family stochastic at prediction
 * time, run T forward passes and read the spread as the model's uncertainty.
 */
import { noGrad } from "../autograd/grad-mode.js";
import { tidy } from "../autograd/tidy.js";
import { ValueError } from "../errors.js";
import type { Module } from "../nn/module.js";
import { withModes } from "../nn/modes.js";
import { NoiseModule } from "../nn/modules/dropout.js";
import { softmax } from "../nn/functional/activation.js";
import type { Generator } from "../random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { checkPositiveInt } from "../util/check.js";

export interface McPredictOptions {
  /** Forward passes T (≥ 2 for a variance). */
  samples: number;
  /** Used by every dropout-family module during the passes (their own generators otherwise). */
  generator?: Generator;
  /** "softmax" (default): the model returns logits, probabilities are averaged. "none": outputs are used as they are. */
  apply?: "softmax" | "none";
}

export interface McPrediction {
  /** Mean over the T passes, the model output's shape. */
  mean: Tensor;
  /** Variance over the passes (population, 1/T), per output element. */
  variance: Tensor;
  /** Predictive entropy H[mean] over the last dim, one value per sample ([N]). */
  entropy: Tensor;
  /** H[mean] − mean_t H[p_t]: the part of the entropy due to model (not data) uncertainty ([N]). */
  mutualInformation: Tensor;
}

/**
 * Runs `samples` stochastic forward passes with only the dropout-family modules in training mode
 * (BatchNorm and the rest stay in eval), and returns the mean, variance, predictive entropy and
 * mutual information. Every module's mode is restored afterwards, also when a forward throws.
 */
export function mcPredict(model: Module, x: Tensor, options: McPredictOptions): McPrediction {
  const where = "mcPredict";
  const samples = checkPositiveInt(options.samples, where, "samples");
  const apply = options.apply ?? "softmax";
  if (apply !== "softmax" && apply !== "none") throw new ValueError({ where, expected: 'apply "softmax" or "none"', got: JSON.stringify(apply) });
  const generators = new Map<NoiseModule, unknown>();
  const dropoutOnly = (): void => {
    model.eval();
    for (const m of model.modules()) {
      if (!(m instanceof NoiseModule)) continue;
      m.training = true;
      if (options.generator !== undefined) {
        generators.set(m, m.generator);
        (m as { generator: Generator | undefined }).generator = options.generator;
      }
    }
  };
  try {
    return withModes(model, dropoutOnly, () => noGrad(() => accumulate(model, x, samples, apply)));
  } finally {
    for (const [m, g] of generators) (m as { generator: unknown }).generator = g;
  }
}

/** Welford's running mean and M2 (exactly 0 variance when every pass agrees), plus the mean entropy of each pass. */
function accumulate(model: Module, x: Tensor, samples: number, apply: "softmax" | "none"): McPrediction {
  let mean = new Float64Array(0), m2 = new Float64Array(0), passEntropy = new Float64Array(0);
  let shape: number[] = [];
  for (let t = 1; t <= samples; t++) {
    const [values, outShape] = tidy(() => {
      const out = model.forward(x) as Tensor;
      const probs = apply === "softmax" ? softmax(out, -1) : out;
      return [probs.dataSync(), probs.shape] as const;
    }, { keep: [model, x] });
    if (t === 1) {
      shape = [...outShape];
      mean = new Float64Array(values.length);
      m2 = new Float64Array(values.length);
      passEntropy = new Float64Array(values.length / (shape[shape.length - 1] ?? 1));
    }
    const classes = shape[shape.length - 1] ?? 1;
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      const delta = v - mean[i]!;
      mean[i]! += delta / t;
      m2[i]! += delta * (v - mean[i]!);
      if (v > 0) passEntropy[Math.floor(i / classes)]! -= (v * Math.log(v)) / samples;
    }
  }
  const classes = shape[shape.length - 1] ?? 1, rows = mean.length / classes;
  const entropy = new Float32Array(rows), mi = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let h = 0;
    for (let c = 0; c < classes; c++) {
      const m = mean[r * classes + c]!;
      if (m > 0) h -= m * Math.log(m);
    }
    entropy[r] = h;
    // Passes that all agree carry no model uncertainty: exactly 0, not the rounding of H − H.
    let agree = true;
    for (let c = 0; c < classes && agree; c++) agree = m2[r * classes + c] === 0;
    mi[r] = agree ? 0 : Math.max(0, h - passEntropy[r]!);
  }
  const rowShape = shape.slice(0, -1);
  return {
    mean: Tensor.fromArray(Float32Array.from(mean), shape, "float32"),
    variance: Tensor.fromArray(Float32Array.from(m2, (v) => v / samples), shape, "float32"),
    entropy: Tensor.fromArray(entropy, rowShape, "float32"),
    mutualInformation: Tensor.fromArray(mi, rowShape, "float32"),
  };
}
