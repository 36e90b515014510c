import { ShapeError, ValueError } from "../errors.js";
import { fmtShape, type Shape } from "./shape.js";

/** p in [0, 1) (or [0, 1] with `allowOne`); a percentage like 30 gets a hint. */
export function checkProbability(p: number, where: string, options: { name?: string; allowOne?: boolean } = {}): number {
  const name = options.name ?? "p";
  const ok = options.allowOne === true ? p >= 0 && p <= 1 : p >= 0 && p < 1;
  if (typeof p !== "number" || !ok) {
    const range = options.allowOne === true ? "[0, 1]" : "[0, 1)";
    const hint = typeof p === "number" && p > 1 && p <= 100 ? `${name} is a fraction, not a percentage (${p}% → ${p / 100}).` : undefined;
    throw new ValueError({ where, expected: `${name} to be a probability in ${range}`, got: String(p), ...(hint === undefined ? {} : { hint }) });
  }
  return p;
}

export function checkPositiveInt(n: number, where: string, name: string): number {
  if (!(typeof n === "number" && Number.isInteger(n) && n > 0)) {
    throw new ValueError({ where, expected: `${name} to be a positive integer`, got: String(n) });
  }
  return n;
}

export function checkNonNegativeInt(n: number, where: string, name: string): number {
  if (!(typeof n === "number" && Number.isInteger(n) && n >= 0)) {
    throw new ValueError({ where, expected: `${name} to be a non-negative integer`, got: String(n) });
  }
  return n;
}

export function checkFinite(x: number, where: string, name: string): number {
  if (!(typeof x === "number" && Number.isFinite(x))) {
    throw new ValueError({ where, expected: `${name} to be a finite number`, got: String(x) });
  }
  return x;
}

/** One of the listed ranks, with an optional hint (e.g. which variant fits the given rank). */
export function checkRank(shape: Shape, ranks: readonly number[], where: string, hint?: string): void {
  if (ranks.includes(shape.length)) return;
  const expected = ranks.length === 1 ? `input of rank ${ranks[0]}` : `input of rank ${ranks.slice(0, -1).join(", ")} or ${ranks[ranks.length - 1]}`;
  throw new ShapeError({ where, expected, got: `rank ${shape.length} (shape ${fmtShape(shape)})`, ...(hint === undefined ? {} : { hint }) });
}
