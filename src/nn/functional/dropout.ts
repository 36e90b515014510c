import type { FloatArray } from "../../backend/dtype.js";
import { isFloatingDType } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { needsGrad, record } from "../../autograd/node.js";
import { DTypeError, ValueError } from "../../errors.js";
import { mul } from "../../ops/binary.js";
import { contiguous } from "../../ops/core.js";
import { applyInplace } from "../../ops/inplace.js";
import { dropMaskBits } from "../../random/distributions.js";
import { type Generator, getDefaultGenerator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkProbability } from "../../util/check.js";

export interface DropoutOptions {
  p: number;
  /** Required: dropout is the identity unless training is true (no silent default, unlike PyTorch). */
  training: boolean;
  inplace?: boolean;
  generator?: Generator;
}

export function checkTraining(options: { training?: unknown }, where: string): boolean {
  if (typeof options.training !== "boolean") {
    throw new ValueError({ where, expected: "the option training: true or false", got: String(options.training), hint: "pass { training: this.training } from a module; PyTorch's silent default of true is a known trap." });
  }
  return options.training;
}

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p), so the expected output equals the input and eval needs no change. The mask
 * comes from Philox at a (seed, offset) reserved from the generator and is kept bit-packed for
 * backward (1 bit per element).
 */
export function dropout(x: Tensor, options: DropoutOptions): Tensor {
  const where = "dropout";
  const p = checkProbability(options.p, where, { allowOne: true });
  if (!checkTraining(options, where) || p === 0) return x;
  if (!isFloatingDType(x.dtype)) throw new DTypeError({ where, expected: "a floating-point input", got: `dtype ${x.dtype}` });
  const compute = (input: Tensor): Tensor => (p === 1 ? mul(input, 0) : applyMask(input, p, options.generator ?? getDefaultGenerator()));
  return options.inplace === true ? applyInplace(x, "dropout_", compute) : compute(x);
}

function applyMask(x: Tensor, p: number, generator: Generator): Tensor {
  const src = contiguous(x);
  const n = src.numel();
  const { key0, key1, offset } = generator.reserve(Math.ceil(n / 4));
  const keep = dropMaskBits(n, p, key0, key1, offset);
  const scale = 1 / (1 - p);
  const out = Tensor.empty(src.shape, src.dtype);
  const backend = getBackend();
  backend.maskedScale(src.storage.data as FloatArray, src.offset, n, keep, scale, out.storage.data as FloatArray);
  if (!needsGrad([src])) return out;
  return record("DropoutBackward0", [src], out, (g) => {
    const gc = contiguous(g);
    const gx = Tensor.empty(gc.shape, gc.dtype);
    backend.maskedScale(gc.storage.data as FloatArray, gc.offset, n, keep, scale, gx.storage.data as FloatArray);
    return [gx];
  }, { extraBytes: keep.byteLength });
}
