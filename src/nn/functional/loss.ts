import { isGradEnabled } from "../../autograd/grad-mode.js";
import { isFloatingDType, type FloatArray } from "../../backend/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { add, compare, div, mul, sub, where } from "../../ops/binary.js";
import { cast } from "../../ops/core.js";
import { gather } from "../../ops/indexing.js";
import { mean, sum } from "../../ops/reduce.js";
import { permute, reshape, unsqueeze } from "../../ops/shape.js";
import { abs, clamp, log, neg, relu, square, exp, log1p } from "../../ops/unary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../../util/shape.js";
import { logSoftmax } from "./activation.js";
import { crossEntropyIndices } from "./softmax-cross-entropy.js";

export type Reduction = "mean" | "sum" | "none";

function reduce(loss: Tensor, reduction: Reduction, where: string): Tensor {
  switch (reduction) {
    case "mean": return mean(loss);
    case "sum": return sum(loss);
    case "none": return loss;
    default: throw new ValueError({ where, expected: 'reduction "mean", "sum" or "none"', got: `"${String(reduction)}"` });
  }
}

/** Moves the class dim (1) last and flattens: [N, C, d1, …] → [N·d1·…, C]; [C] → [1, C]. */
function classesLast(x: Tensor): Tensor {
  if (x.shape.length === 1) return unsqueeze(x, 0);
  if (x.shape.length === 2) return x;
  const order = [0, ...x.shape.map((_, i) => i).slice(2), 1];
  return reshape(permute(x, order), [-1, x.shape[1]!]);
}

export interface NllOptions {
  weight?: Tensor;
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Validates class-index targets against the input and returns them flat (int32), as a tensor and as values. */
function checkTargets(input: Tensor, target: Tensor, classes: number, ignoreIndex: number, where: string): { flat: Tensor; labels: Int32Array } {
  if (target.dtype !== "int32") {
    throw new DTypeError({ where, expected: "class indices of dtype int32 (or class probabilities as a float tensor of the input's shape)", got: `a ${target.dtype} target of shape ${fmtShape(target.shape)}` });
  }
  const expectedShape = input.shape.length === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  if (!shapesEqual(target.shape, expectedShape)) {
    throw new ShapeError({ where, expected: `a target of shape ${fmtShape(expectedShape)} for input of shape ${fmtShape(input.shape)}`, got: fmtShape(target.shape) });
  }
  const flat = reshape(target, [-1]);
  const data = flat.dataSync();
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c !== ignoreIndex && !(c >= 0 && c < classes)) {
      throw new ValueError({ where, expected: `class labels in [0, ${classes - 1}] (the input has ${classes} classes)`, got: `label ${c} at position ${i}`, hint: "labels count from 0; check the number of outputs of the last layer." });
    }
  }
  return { flat, labels: data as Int32Array };
}

/** Negative log-likelihood of log-probabilities `input` ([N, C] or [N, C, d…]) at class indices `target`. */
export function nllLoss(input: Tensor, target: Tensor, options: NllOptions = {}, where = "nllLoss"): Tensor {
  const ignoreIndex = options.ignoreIndex ?? -100;
  const classes = input.shape.length === 1 ? input.shape[0]! : input.shape[1]!;
  const { flat: flatTarget } = checkTargets(input, target, classes, ignoreIndex, where);
  const logp = classesLast(input);
  const valid = compare("ne", flatTarget, ignoreIndex);
  const safeTarget = where_(valid, flatTarget, 0);
  const picked = reshape(gather(logp, 1, unsqueeze(safeTarget, 1)), [-1]);
  const w = options.weight === undefined ? cast(valid, logp.dtype) : mul(gather(options.weight, 0, safeTarget), cast(valid, logp.dtype));
  const losses = neg(mul(picked, w));
  const reduction = options.reduction ?? "mean";
  if (reduction === "mean") return div(sum(losses), sum(w));
  const shaped = input.shape.length === 1 ? reshape(losses, []) : reshape(losses, target.shape);
  return reduce(shaped, reduction, where);
}

function where_(cond: Tensor, a: Tensor, b: number): Tensor {
  return where(cond, a, b);
}

export interface CrossEntropyOptions extends NllOptions {
  labelSmoothing?: number;
}

/**
 * Cross-entropy of logits `input` against class indices (int32) or class probabilities (float,
 * the input's shape), with PyTorch's options and normalisation.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}, where = "crossEntropy"): Tensor {
  if (!isFloatingDType(input.dtype)) throw new DTypeError({ where, expected: "floating-point logits", got: `dtype ${input.dtype}` });
  if (input.shape.length === 0) throw new ShapeError({ where, expected: "logits of shape [C] or [N, C, …]", got: "a 0-d tensor" });
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError({ where, expected: "labelSmoothing in [0, 1]", got: String(eps) });
  const reduction = options.reduction ?? "mean";
  const classDim = input.shape.length === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  if (eps === 0 && !isFloatingDType(target.dtype)) {
    const fused = fusedCrossEntropy(input, target, options, reduction, where);
    if (fused !== null) return fused;
  }
  const logp = logSoftmax(input, classDim);

  if (isFloatingDType(target.dtype)) {
    if (!shapesEqual(target.shape, input.shape)) {
      throw new ShapeError({ where, expected: `class probabilities of the input's shape ${fmtShape(input.shape)}`, got: fmtShape(target.shape) });
    }
    const probs = eps > 0 ? add(mul(target, 1 - eps), eps / classes) : target;
    const lp = classesLast(logp), p = classesLast(probs);
    const weighted = options.weight === undefined ? mul(lp, p) : mul(mul(lp, p), options.weight);
    const perSample = neg(sum(weighted, 1));
    const shaped = input.shape.length === 1 ? reshape(perSample, []) : reshape(perSample, [input.shape[0]!, ...input.shape.slice(2)]);
    return reduce(shaped, reduction, where);
  }

  const nll = nllLoss(logp, target, { ...options, reduction }, where);
  if (eps === 0) return nll;
  // Label smoothing with indices: (1 − ε)·nll + (ε/C)·Σ_c −w_c·log p_c, normalised like nll.
  const ignoreIndex = options.ignoreIndex ?? -100;
  const flatTarget = reshape(target, [-1]);
  const valid = cast(compare("ne", flatTarget, ignoreIndex), logp.dtype);
  const lp = classesLast(logp);
  const smoothPer = mul(neg(sum(options.weight === undefined ? lp : mul(lp, options.weight), 1)), valid);
  let smooth: Tensor;
  if (reduction === "mean") {
    const denom = options.weight === undefined ? sum(valid) : sum(mul(gather(options.weight, 0, where_(compare("ne", flatTarget, ignoreIndex), flatTarget, 0)), valid));
    smooth = div(sum(smoothPer), denom);
  } else if (reduction === "sum") smooth = sum(smoothPer);
  else smooth = input.shape.length === 1 ? reshape(smoothPer, []) : reshape(smoothPer, target.shape);
  return add(mul(nll, 1 - eps), mul(smooth, eps / classes));
}

/**
 * Cross-entropy at class indices as one graph node (softmax-cross-entropy.ts), when the weight, if
 * any, is a plain [C] vector of the input's dtype that needs no gradient; null otherwise (the
 * generic path then handles, or rejects, the rest).
 */
function fusedCrossEntropy(input: Tensor, target: Tensor, options: NllOptions, reduction: Reduction, where: string): Tensor | null {
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") return null;
  const classes = input.shape.length === 1 ? input.shape[0]! : input.shape[1]!;
  const w = options.weight;
  if (w !== undefined && !(w.dtype === input.dtype && w.shape.length === 1 && w.shape[0] === classes && !(w.requiresGrad && isGradEnabled()))) return null;
  const ignoreIndex = options.ignoreIndex ?? -100;
  const { labels } = checkTargets(input, target, classes, ignoreIndex, where);
  const weight = w === undefined ? null : (w.dataSync() as FloatArray);
  return crossEntropyIndices(classesLast(input), labels, weight, ignoreIndex, reduction, input.shape.length === 1 ? [] : target.shape);
}

function checkSameShape(input: Tensor, target: Tensor, where: string): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError({ where, expected: `a target of the input's shape ${fmtShape(input.shape)}`, got: fmtShape(target.shape), hint: "a target of another shape would broadcast silently and give a wrong loss." });
  }
}

export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, "mseLoss");
  return reduce(square(sub(input, target)), options.reduction ?? "mean", "mseLoss");
}

export function l1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, "l1Loss");
  return reduce(abs(sub(input, target)), options.reduction ?? "mean", "l1Loss");
}

/** Binary cross-entropy on probabilities; log is clamped at −100 as PyTorch does. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: { weight?: Tensor; reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, "binaryCrossEntropy");
  const logP = clamp(log(input), { min: -100 });
  const log1mP = clamp(log(sub(1, input)), { min: -100 });
  let loss = neg(add(mul(target, logP), mul(sub(1, target), log1mP)));
  if (options.weight !== undefined) loss = mul(loss, options.weight);
  return reduce(loss, options.reduction ?? "mean", "binaryCrossEntropy");
}

/** BCE on logits, stable: max(x, 0) − x·y + log(1 + e^(−|x|)); `posWeight` weighs the positive term. */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: { weight?: Tensor; posWeight?: Tensor; reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, "binaryCrossEntropyWithLogits");
  const softplusNeg = add(relu(neg(input)), log1p(exp(neg(abs(input))))); // log(1 + e^(−x))
  let loss: Tensor;
  if (options.posWeight === undefined) loss = add(mul(sub(1, target), input), softplusNeg);
  else {
    const lw = add(mul(sub(options.posWeight, 1), target), 1);
    loss = add(mul(sub(1, target), input), mul(lw, softplusNeg));
  }
  if (options.weight !== undefined) loss = mul(loss, options.weight);
  return reduce(loss, options.reduction ?? "mean", "binaryCrossEntropyWithLogits");
}

