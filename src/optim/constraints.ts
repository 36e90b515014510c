/**
 * Weight constraints the optimizer applies after each step (optimizer option `constraints`).
 * maxNorm is Srivastava et al. 2014 §5.1: each unit's incoming weight vector is projected back onto
 * the ball of radius c whenever a step takes it outside, which lets dropout nets use large learning rates.
 */
import { ValueError } from "../errors.js";
import { maxNorm_ } from "../nn/utils.js";
import type { Constraint } from "./optimizer.js";

export interface MaxNormOptions {
  /** The dim the norm runs over (default 1: a Linear weight [out, in] gets one norm per output unit). */
  dim?: number;
}

/** A constraint that rescales every weight (rank ≥ 2) so each unit's incoming weights have norm ≤ c; biases are left alone. */
export function maxNorm(c: number, options: MaxNormOptions = {}): Constraint {
  if (!(typeof c === "number" && c > 0 && Number.isFinite(c))) throw new ValueError({ where: "constraints.maxNorm", expected: "c > 0 (the largest allowed norm, 3 to 4 in the paper)", got: String(c) });
  return (params) => maxNorm_(params, c, options);
}
