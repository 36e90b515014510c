/**
 * Mask-based members of the dropout family: element-wise, channel-wise (1d/2d/3d), alpha,
 * per-sample (DropPath) and per-sequence (LockedDropout). Each only chooses the mask shape and the
 * kept/dropped map; dropout-mask.ts draws, applies and differentiates the mask.
 */
import { ShapeError, ValueError } from "../../errors.js";
import { mul } from "../../ops/binary.js";
import type { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";
import { fmtShape } from "../../util/shape.js";
import { SELU_ALPHA, SELU_SCALE } from "./activation.js";
import {
  applyDropMask, checkFloating, checkMaskShape, checkMaskStorage, checkTraining, type MaskedMap, type MaskOptions, maybeInplace, zeroed,
} from "./dropout-mask.js";

export { checkTraining, type MaskStorage } from "./dropout-mask.js";

export type Scaling = "inverted" | "classic";

export interface DropoutOptions extends MaskOptions {
  p: number;
  /** "inverted" (default): scale kept units by 1/(1 − p) in training. "classic": no scaling in training, ×(1 − p) in eval (Srivastava et al. 2014). */
  scaling?: Scaling;
  /** Keras' noise_shape: the mask's shape, 1 (or null for "as the input") along dims that share one mask value. */
  noiseShape?: readonly (number | null)[];
}

export interface FeatureDropoutOptions extends MaskOptions {
  p: number;
}

/** -SELU's negative saturation value, λα: where AlphaDropout sends dropped units. */
export const ALPHA_DROPOUT_SATURATION = -SELU_SCALE * SELU_ALPHA;

/** AlphaDropout's affine correction (a, b) for rate p: keeps mean 0 and variance 1 of standardised inputs. */
export function alphaDropoutAffine(p: number): { a: number; b: number } {
  const alpha = -ALPHA_DROPOUT_SATURATION;
  const a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
  return { a, b: alpha * a * p };
}

/** The checks every mask-based variant runs at its boundary; returns p and training. */
function checkCommon(x: Tensor, options: FeatureDropoutOptions, where: string): { p: number; training: boolean } {
  const p = checkProbability(options.p, where, { allowOne: true });
  const training = checkTraining(options, where);
  checkMaskStorage(options.maskStorage, where);
  checkFloating(x, where);
  return { p, training };
}

const inverted = (p: number): MaskedMap => ({ scale: 1 / (1 - p), shift: 0, dropped: 0 });

/** The training path: zeros for p = 1, else the mask; in place when asked. */
function drop(x: Tensor, options: FeatureDropoutOptions, p: number, maskShape: readonly number[], map: MaskedMap, name: string, where: string): Tensor {
  return maybeInplace(x, options.inplace, where, (t) => (p === 1 ? zeroed(t) : applyDropMask(t, p, maskShape, map, options, name)));
}

function checkScaling(scaling: unknown, where: string): Scaling {
  if (scaling === undefined) return "inverted";
  if (scaling !== "inverted" && scaling !== "classic") throw new ValueError({ where, expected: 'scaling "inverted" or "classic"', got: JSON.stringify(scaling) });
  return scaling;
}

function resolveNoiseShape(shape: readonly number[], noiseShape: readonly (number | null)[] | undefined, where: string): number[] {
  if (noiseShape === undefined) return [...shape];
  const resolved = noiseShape.map((s, d) => (s === null ? shape[d]! : s));
  checkMaskShape(shape, resolved, where);
  return resolved;
}

/**
 * Zeroes each element with probability p in training. Inverted scaling (default) multiplies the
 * survivors by 1/(1 − p) so eval is the identity; classic scaling leaves them and multiplies by
 * (1 − p) in eval. Either way E[train output] = eval output.
 */
export function dropout(x: Tensor, options: DropoutOptions, where = "dropout"): Tensor {
  const { p, training } = checkCommon(x, options, where);
  const scaling = checkScaling(options.scaling, where);
  const maskShape = resolveNoiseShape(x.shape, options.noiseShape, where);
  if (!training) return scaling === "classic" && p > 0 ? maybeInplace(x, options.inplace, where, (t) => mul(t, 1 - p)) : x;
  if (p === 0) return x;
  const scale = scaling === "classic" ? 1 : 1 / (1 - p);
  return drop(x, options, p, maskShape, { scale, shift: 0, dropped: 0 }, "DropoutBackward0", where);
}

const LAYOUTS: Record<number, { name: string; layout: string }> = {
  3: { name: "Dropout1d", layout: "[N, C, L]" },
  4: { name: "Dropout2d", layout: "[N, C, H, W]" },
  5: { name: "Dropout3d", layout: "[N, C, D, H, W]" },
};

function suggestVariant(rank: number): string {
  if (rank <= 2) return "for [N, features] use Dropout, which drops single elements.";
  const v = LAYOUTS[rank];
  return v === undefined ? "channel-wise dropout covers 1 to 3 spatial dims." : `for ${v.layout} use ${v.name}.`;
}

/** One mask value per (sample, channel): [N, C, 1, …], or [C, 1, …] for an unbatched input. */
export function channelMaskShape(x: Tensor, spatialDims: 1 | 2 | 3, where: string): number[] {
  const batchedRank = spatialDims + 2;
  const rank = x.shape.length;
  if (rank !== batchedRank && rank !== batchedRank - 1) {
    const batched = LAYOUTS[batchedRank]!.layout;
    const unbatched = `[${batched.slice(4)}`;
    throw new ShapeError({ where, expected: `input of rank ${batchedRank - 1} (${unbatched}) or ${batchedRank} (${batched})`, got: `${fmtShape(x.shape)} (rank ${rank})`, hint: suggestVariant(rank) });
  }
  const channelDim = rank === batchedRank ? 1 : 0;
  return x.shape.map((s, d) => (d <= channelDim ? s : 1));
}

function featureDropout(x: Tensor, options: FeatureDropoutOptions, spatialDims: 1 | 2 | 3, where: string): Tensor {
  const { p, training } = checkCommon(x, options, where);
  const maskShape = channelMaskShape(x, spatialDims, where);
  if (!training || p === 0) return x;
  return drop(x, options, p, maskShape, inverted(p), "FeatureDropoutBackward0", where);
}

/** Channel-wise dropout over [N, C, L] (or [C, L]): whole 1-D feature maps are zeroed. */
export const dropout1d = (x: Tensor, options: FeatureDropoutOptions, where = "dropout1d"): Tensor => featureDropout(x, options, 1, where);
/** Channel-wise dropout over [N, C, H, W] (or [C, H, W]): whole feature maps are zeroed (SpatialDropout2D). */
export const dropout2d = (x: Tensor, options: FeatureDropoutOptions, where = "dropout2d"): Tensor => featureDropout(x, options, 2, where);
/** Channel-wise dropout over [N, C, D, H, W] (or [C, D, H, W]). */
export const dropout3d = (x: Tensor, options: FeatureDropoutOptions, where = "dropout3d"): Tensor => featureDropout(x, options, 3, where);

function alphaMap(p: number): MaskedMap {
  const { a, b } = alphaDropoutAffine(p);
  return { scale: a, shift: b, dropped: a * ALPHA_DROPOUT_SATURATION + b };
}

export interface AlphaDropoutOptions extends FeatureDropoutOptions {
  /** The mask's shape, as for dropout (Keras' noise_shape): 1 where one mask value is shared, null for x's size. */
  noiseShape?: readonly (number | null)[];
}

function alphaLike(x: Tensor, options: AlphaDropoutOptions, feature: boolean, where: string): Tensor {
  const { p, training } = checkCommon(x, options, where);
  if (feature && x.shape.length < 2) throw new ShapeError({ where, expected: "input of rank 2 or more ([N, C, …])", got: `${fmtShape(x.shape)} (rank ${x.shape.length})`, hint: "for a single vector use alphaDropout." });
  const maskShape = feature ? x.shape.map((s, d) => (d <= 1 ? s : 1)) : resolveNoiseShape(x.shape, options.noiseShape, where);
  if (!training || p === 0) return x;
  return drop(x, options, p, maskShape, alphaMap(p), feature ? "FeatureAlphaDropoutBackward0" : "AlphaDropoutBackward0", where);
}

/**
 * Dropout for self-normalising (SELU) networks: dropped units go to SELU's saturation −λα, then an
 * affine map a·x + b restores mean 0 and variance 1 (Klambauer et al. 2017; PyTorch's constants).
 */
export const alphaDropout = (x: Tensor, options: AlphaDropoutOptions, where = "alphaDropout"): Tensor => alphaLike(x, options, false, where);
/** AlphaDropout with one mask value per (sample, channel). */
export const featureAlphaDropout = (x: Tensor, options: FeatureDropoutOptions, where = "featureAlphaDropout"): Tensor => alphaLike(x, options, true, where);

/** Stochastic depth: drops a residual branch for whole samples (dim 0), scaling kept samples by 1/(1 − p). */
export function dropPath(x: Tensor, options: FeatureDropoutOptions, where = "dropPath"): Tensor {
  const { p, training } = checkCommon(x, options, where);
  if (x.shape.length < 1) throw new ShapeError({ where, expected: "input with a batch dim ([N, …])", got: "a scalar" });
  if (!training || p === 0) return x;
  const maskShape = x.shape.map((s, d) => (d === 0 ? s : 1));
  return drop(x, options, p, maskShape, inverted(p), "DropPathBackward0", where);
}

export interface LockedDropoutOptions extends FeatureDropoutOptions {
  /** Input is [N, T, C] (true) or [T, N, C] (false, the default, as RNNs in PyTorch). */
  batchFirst?: boolean;
}

/** Variational (locked) dropout for sequences: one mask per (sample, feature), shared by every time step. */
export function lockedDropout(x: Tensor, options: LockedDropoutOptions, where = "lockedDropout"): Tensor {
  const { p, training } = checkCommon(x, options, where);
  const batchFirst = options.batchFirst ?? false;
  if (x.shape.length !== 3) {
    throw new ShapeError({ where, expected: `input of rank 3 (${batchFirst ? "[N, T, C]" : "[T, N, C]"})`, got: `${fmtShape(x.shape)} (rank ${x.shape.length})`, hint: "LockedDropout shares its mask along the time axis of a sequence batch." });
  }
  if (!training || p === 0) return x;
  const timeDim = batchFirst ? 1 : 0;
  const maskShape = x.shape.map((s, d) => (d === timeDim ? 1 : s));
  return drop(x, options, p, maskShape, inverted(p), "LockedDropoutBackward0", where);
}
