/**
 * DropBlock (Ghiasi, Lin & Le 2018): drops contiguous blockSize × blockSize squares of each feature
 * map instead of single units, because neighbouring activations in a conv map are correlated and
 * single-unit dropout barely removes information there.
 *
 * Seeds are Bernoulli(γ) over the (H − bs + 1) × (W − bs + 1) positions where a whole block fits;
 * each seed at (i, j) drops rows i…i+bs−1 and columns j…j+bs−1. γ = p·H·W / (bs²·(H−bs+1)(W−bs+1))
 * makes the expected dropped fraction p to first order (overlapping blocks make it a bit less).
 * The output is renormalised by (all units) / (kept units) over the batch, as torchvision does.
 */
import type { FloatArray } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { needsGrad, record } from "../../autograd/node.js";
import { ShapeError, ValueError } from "../../errors.js";
import { contiguous } from "../../ops/core.js";
import { bernoulliFill, blocksFor } from "../../random/distributions.js";
import { getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt, checkProbability } from "../../util/check.js";
import { fmtShape } from "../../util/shape.js";
import { checkFloating, checkMaskStorage, checkTraining, type MaskOptions, maybeInplace, zeroed } from "./dropout-mask.js";

export interface DropBlockOptions extends MaskOptions {
  p: number;
  blockSize: number;
}

/** The seed rate γ for drop rate p on an H × W map (Ghiasi et al. 2018, eq. 1, for non-square maps). */
export function dropBlockGamma(p: number, blockSize: number, height: number, width: number): number {
  return (p * height * width) / (blockSize * blockSize * (height - blockSize + 1) * (width - blockSize + 1));
}

/**
 * The keep-mask (bit i set = kept) of `planes` H × W maps from seeds over the valid positions
 * (planes × (H − bs + 1) × (W − bs + 1), nonzero = seed), and how many units it keeps.
 */
export function blockKeepMask(seeds: ArrayLike<number>, planes: number, height: number, width: number, blockSize: number): { keep: Uint32Array; kept: number } {
  const vh = height - blockSize + 1, vw = width - blockSize + 1;
  const n = planes * height * width;
  const dropped = new Uint8Array(n);
  for (let c = 0; c < planes; c++) {
    for (let i = 0; i < vh; i++) {
      for (let j = 0; j < vw; j++) {
        if (seeds[(c * vh + i) * vw + j] === 0) continue;
        for (let di = 0; di < blockSize; di++) dropped.fill(1, (c * height + i + di) * width + j, (c * height + i + di) * width + j + blockSize);
      }
    }
  }
  const keep = new Uint32Array(Math.ceil(n / 32));
  let kept = 0;
  for (let k = 0; k < n; k++) {
    if (dropped[k] === 0) {
      keep[k >>> 5]! |= 1 << (k & 31);
      kept++;
    }
  }
  return { keep, kept };
}

function checkInput(x: Tensor, blockSize: number, where: string): { planes: number; height: number; width: number } {
  const rank = x.shape.length;
  if (rank !== 3 && rank !== 4) {
    throw new ShapeError({ where, expected: "input of rank 3 ([C, H, W]) or 4 ([N, C, H, W])", got: `${fmtShape(x.shape)} (rank ${rank})`, hint: "DropBlock drops squares of 2-D feature maps; for [N, features] use Dropout." });
  }
  const height = x.shape[rank - 2]!, width = x.shape[rank - 1]!;
  if (!(blockSize <= height && blockSize <= width)) {
    throw new ValueError({ where, expected: `blockSize ≤ the feature map's size ${height} × ${width}`, got: `blockSize ${blockSize}`, hint: "use a smaller block, or place DropBlock before the map is pooled down." });
  }
  return { planes: x.numel() / (height * width), height, width };
}

/** DropBlock over [N, C, H, W] (or [C, H, W]) in training; the identity in eval. */
export function dropBlock2d(x: Tensor, options: DropBlockOptions, where = "dropBlock2d"): Tensor {
  const p = checkProbability(options.p, where, { allowOne: true });
  const blockSize = checkPositiveInt(options.blockSize, where, "blockSize");
  const training = checkTraining(options, where);
  const storage = checkMaskStorage(options.maskStorage, where);
  checkFloating(x, where);
  const { planes, height, width } = checkInput(x, blockSize, where);
  if (!training || p === 0) return x;
  if (p === 1) return maybeInplace(x, options.inplace, where, zeroed);
  const gamma = dropBlockGamma(p, blockSize, height, width);
  const nSeeds = planes * (height - blockSize + 1) * (width - blockSize + 1);
  const { key0, key1, offset } = (options.generator ?? getDefaultGenerator()).reserve(blocksFor(nSeeds));
  const maskFromSeeds = (): { keep: Uint32Array; kept: number } => {
    const seeds = new Uint8Array(nSeeds);
    bernoulliFill(seeds, gamma, key0, key1, offset);
    return blockKeepMask(seeds, planes, height, width, blockSize);
  };
  return maybeInplace(x, options.inplace, where, (input) => {
    const src = contiguous(input);
    const n = src.numel();
    const { keep, kept } = maskFromSeeds();
    const scale = kept === 0 ? 0 : n / kept;
    const backend = getBackend();
    const apply = (t: Tensor, bits: Uint32Array): Tensor => {
      const out = Tensor.empty(t.shape, t.dtype);
      backend.maskedScale(t.storage.data as FloatArray, t.offset, n, bits, scale, out.storage.data as FloatArray);
      return out;
    };
    const out = apply(src, keep);
    if (!needsGrad([src])) return out;
    const saved = storage === "bits" ? keep : null;
    return record("DropBlock2dBackward0", [src], out, (g) => [apply(contiguous(g), saved ?? maskFromSeeds().keep)], { extraBytes: saved === null ? 0 : saved.byteLength });
  });
}
