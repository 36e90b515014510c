/**
 * The one mask engine behind the dropout family. A keep-mask of `maskShape` (x's shape, or 1 along
 * the dims where one bit is shared: channels, time, samples) comes from Philox at a (key, offset)
 * reserved from the generator, so it is a pure function of (seed, offset). Backward either keeps
 * the mask bit-packed (1 bit per mask element) or regenerates it from (key, offset) and keeps nothing.
 */
import type { FloatArray } from "../../backend/dtype.js";
import { isFloatingDType } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { needsGrad, record } from "../../autograd/node.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { mul } from "../../ops/binary.js";
import { contiguous } from "../../ops/core.js";
import { applyInplace } from "../../ops/inplace.js";
import { blocksFor } from "../../random/distributions.js";
import { type Generator, getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { contiguousStrides, fmtShape, numelOf } from "../../util/shape.js";

/** How backward gets the mask: "bits" keeps it packed (n/8 bytes), "regenerate" recomputes it (0 bytes). */
export type MaskStorage = "bits" | "regenerate";

/** What every member of the family accepts besides its own parameters. */
export interface StochasticOptions {
  /** Required: the op is the identity (or its eval form) unless training is true. */
  training: boolean;
  inplace?: boolean;
  generator?: Generator;
}

export interface MaskOptions extends StochasticOptions {
  maskStorage?: MaskStorage;
}

/** Kept elements become x·scale + shift, dropped ones `dropped`; the gradient is keep·scale. */
export interface MaskedMap {
  scale: number;
  shift: number;
  dropped: number;
}

export function checkTraining(options: { training?: unknown }, where: string): boolean {
  if (typeof options.training !== "boolean") {
    throw new ValueError({ where, expected: "the option training: true or false", got: String(options.training), hint: "pass { training: this.training } from a module; PyTorch's silent default of true is a known trap." });
  }
  return options.training;
}

export function checkFloating(x: Tensor, where: string): void {
  if (!isFloatingDType(x.dtype)) throw new DTypeError({ where, expected: "a floating-point input", got: `dtype ${x.dtype}` });
}

export function checkMaskStorage(storage: unknown, where: string): MaskStorage {
  if (storage === undefined) return "bits";
  if (storage !== "bits" && storage !== "regenerate") throw new ValueError({ where, expected: 'maskStorage "bits" or "regenerate"', got: JSON.stringify(storage) });
  return storage;
}

/** Runs `compute` out of place, or writes its result into x (with PyTorch's in-place rules). */
export function maybeInplace(x: Tensor, inplace: boolean | undefined, where: string, compute: (x: Tensor) => Tensor): Tensor {
  return inplace === true ? applyInplace(x, `${where} (inplace)`, compute) : compute(x);
}

/** p = 1 drops everything: zeros, with zero gradients (as PyTorch). */
export function zeroed(x: Tensor): Tensor {
  return mul(x, 0);
}

/** Mask strides over x's dims: 0 where one bit is shared along the dim. */
function maskStridesFor(shape: readonly number[], maskShape: readonly number[]): number[] {
  const strides = contiguousStrides(maskShape);
  return strides.map((s, d) => (maskShape[d] === 1 && shape[d] !== 1 ? 0 : s));
}

export function checkMaskShape(shape: readonly number[], maskShape: readonly number[], where: string): void {
  const ok = maskShape.length === shape.length && maskShape.every((m, d) => m === 1 || m === shape[d]);
  if (!ok) throw new ShapeError({ where, expected: `a noise shape that matches the input ${fmtShape(shape)} with 1 where the mask is shared`, got: fmtShape(maskShape) });
}

/** The Philox blocks one mask of `maskShape` consumes (what a test reserves to regenerate it). */
export function maskBlocks(maskShape: readonly number[]): number {
  return blocksFor(numelOf(maskShape));
}

/**
 * out = keep ? x·scale + shift : dropped with keep ~ Bernoulli(1 − p) drawn over `maskShape` and
 * broadcast over x. The gradient is keep·scale, from the kept bits or the regenerated mask.
 */
export function applyDropMask(x: Tensor, p: number, maskShape: readonly number[], map: MaskedMap, options: MaskOptions, name: string): Tensor {
  const src = contiguous(x);
  const m = numelOf(maskShape);
  const generator = options.generator ?? getDefaultGenerator();
  const { key0, key1, offset } = generator.reserve(blocksFor(m));
  const full = m === src.numel();
  const strides = maskStridesFor(src.shape, maskShape);
  const backend = getBackend();
  /** The map over `input` with the mask `bits`, or (bits null) with the mask generated in the same pass. */
  const run = (input: Tensor, bits: Uint32Array | null, f: MaskedMap): { out: Tensor; bits: Uint32Array } => {
    const out = Tensor.uninitialized(input.shape, input.dtype);
    const data = input.storage.data as FloatArray, outData = out.storage.data as FloatArray;
    if (full && f.shift === 0 && f.dropped === 0) {
      // The plain dropout multiply: the backend fuses mask generation with it.
      if (bits === null) return { out, bits: backend.dropoutMask(m, p, key0, key1, offset, data, input.offset, f.scale, outData) };
      backend.maskedScale(data, input.offset, m, bits, f.scale, outData);
      return { out, bits };
    }
    const keep = bits ?? backend.dropoutMask(m, p, key0, key1, offset, null, 0, 0, null);
    backend.maskedAffine(data, input.offset, input.shape, keep, strides, f.scale, f.shift, f.dropped, outData);
    return { out, bits: keep };
  };
  const { out, bits: keep } = run(src, null, map);
  if (!needsGrad([src])) return out;
  const storeBits = (options.maskStorage ?? "bits") === "bits";
  const kept = storeBits ? keep : null;
  return record(name, [src], out, (g) => [run(contiguous(g), kept, { scale: map.scale, shift: 0, dropped: 0 }).out], { extraBytes: kept === null ? 0 : kept.byteLength });
}
