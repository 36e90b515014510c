import type { BinaryOp, UnaryOp } from "../backend.js";
import type { TypedArray } from "../dtype.js";
import { forEachRow } from "./strided.js";
import { expF32, expm1F32, log1pF32, logF32, sigmoidF32, tanhF32 } from "./f32-math.js";
import { cosF32, sinF32 } from "./f32-sincos.js";
import { erfF32 } from "./f32-erf.js";

type Scalar2 = (x: number, y: number) => number;

/** The scalar meaning of each binary op; the common ones also have closure-free row loops below. */
const binaryScalar: Record<BinaryOp, Scalar2> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  maximum: (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y),
  minimum: (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y),
  floorDiv: (x, y) => Math.floor(x / y),
  truncDiv: (x, y) => Math.trunc(x / y),
  // Python semantics, as PyTorch: the result takes the sign of the divisor.
  remainder: (x, y) => { const r = x % y; return r !== 0 && (r < 0) !== (y < 0) ? r + y : r; },
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  logicalAnd: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  logicalOr: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
  reluGrad: (g, y) => (y > 0 ? g : 0),
};

export function binary(op: BinaryOp, a: TypedArray, aOffset: number, aStrides: readonly number[], b: TypedArray, bOffset: number, bStrides: readonly number[], out: TypedArray, shape: readonly number[]): void {
  const f = binaryScalar[op];
  forEachRow(shape, [aStrides, bStrides], [aOffset, bOffset], (off, len, st, o) => {
    const ai = off[0]!, bi = off[1]!, as = st[0]!, bs = st[1]!;
    switch (op) {
      case "add":
        if (as === 1 && bs === 1) for (let j = 0; j < len; j++) out[o + j] = a[ai + j]! + b[bi + j]!;
        else for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as]! + b[bi + j * bs]!;
        return;
      case "sub":
        for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as]! - b[bi + j * bs]!;
        return;
      case "mul":
        if (as === 1 && bs === 1) for (let j = 0; j < len; j++) out[o + j] = a[ai + j]! * b[bi + j]!;
        else for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as]! * b[bi + j * bs]!;
        return;
      case "div":
        for (let j = 0; j < len; j++) out[o + j] = a[ai + j * as]! / b[bi + j * bs]!;
        return;
      case "reluGrad":
        for (let j = 0; j < len; j++) out[o + j] = b[bi + j * bs]! > 0 ? a[ai + j * as]! : 0;
        return;
      default:
        for (let j = 0; j < len; j++) out[o + j] = f(a[ai + j * as]!, b[bi + j * bs]!);
    }
  });
}

/** erf to ~1e-15: Taylor series near 0, a continued fraction for erfc in the tails. */
function erfApprox(x: number): number {
  const ax = Math.abs(x);
  // ±0, ±∞ and NaN as PyTorch (the series would give +0 for −0, the fraction NaN for ±∞).
  if (x === 0 || x !== x) return x;
  if (ax === Infinity) return x > 0 ? 1 : -1;
  if (ax < 2.5) {
    let sum = x, term = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz) for the tail.
  let f = ax, c = ax, d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d; d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c; if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  return x >= 0 ? 1 - erfc : erfc - 1;
}

const unaryScalar: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  floor: Math.floor,
  ceil: Math.ceil,
  // Round half to even, as PyTorch.
  round: (x) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; },
  trunc: Math.trunc,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  log1p: Math.log1p,
  expm1: Math.expm1,
  erf: erfApprox,
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (x !== x ? 1 : 0),
};

/**
 * Into float32 the transcendentals use f32-math.ts, f32-sincos.ts and f32-erf.ts instead of Math.*
 * and erfApprox, so that the wasm kernels give the same bits (Math.*'s last bits differ between engines).
 */
const unaryScalarF32: Partial<Record<UnaryOp, (x: number) => number>> = {
  exp: expF32, log: logF32, log1p: log1pF32, expm1: expm1F32, tanh: tanhF32, sigmoid: sigmoidF32, sin: sinF32, cos: cosF32, erf: erfF32,
};

export function unary(op: UnaryOp, x: TypedArray, xOffset: number, n: number, out: TypedArray): void {
  if (op === "relu") {
    for (let i = 0; i < n; i++) { const v = x[xOffset + i]!; out[i] = v > 0 ? v : v !== v ? v : 0; }
    return;
  }
  const f = (out instanceof Float32Array ? unaryScalarF32[op] : undefined) ?? unaryScalar[op];
  for (let i = 0; i < n; i++) out[i] = f(x[xOffset + i]!);
}

export function clamp(x: TypedArray, xOffset: number, n: number, lo: number, hi: number, out: TypedArray): void {
  // PyTorch 1.13: min(max(x, lo), hi), so hi wins when lo > hi; NaN propagates.
  for (let i = 0; i < n; i++) {
    const v = x[xOffset + i]!;
    out[i] = v !== v ? v : Math.min(Math.max(v, lo), hi);
  }
}

export function where(cond: Uint8Array, cOffset: number, cStrides: readonly number[], a: TypedArray, aOffset: number, aStrides: readonly number[], b: TypedArray, bOffset: number, bStrides: readonly number[], out: TypedArray, shape: readonly number[]): void {
  forEachRow(shape, [cStrides, aStrides, bStrides], [cOffset, aOffset, bOffset], (off, len, st, o) => {
    const ci = off[0]!, ai = off[1]!, bi = off[2]!, cs = st[0]!, as = st[1]!, bs = st[2]!;
    for (let j = 0; j < len; j++) out[o + j] = cond[ci + j * cs] !== 0 ? a[ai + j * as]! : b[bi + j * bs]!;
  });
}

export function copyStrided(src: TypedArray, srcOffset: number, shape: readonly number[], srcStrides: readonly number[], dst: TypedArray, dstOffset: number, dstStrides?: readonly number[]): void {
  if (dstStrides === undefined) {
    // Same element type: long contiguous rows are one memmove (e.g. autograd's copy of a weight gradient).
    const sameType = src.constructor === dst.constructor;
    forEachRow(shape, [srcStrides], [srcOffset], (off, len, st, o) => {
      const si = off[0]!, ss = st[0]!, d = dstOffset + o;
      if (ss === 1 && sameType && len >= 64) (dst as Float32Array).set((src as Float32Array).subarray(si, si + len), d);
      else if (ss === 1) for (let j = 0; j < len; j++) dst[d + j] = src[si + j]!;
      else for (let j = 0; j < len; j++) dst[d + j] = src[si + j * ss]!;
    });
    return;
  }
  forEachRow(shape, [srcStrides, dstStrides], [srcOffset, dstOffset], (off, len, st) => {
    const si = off[0]!, di = off[1]!, ss = st[0]!, ds = st[1]!;
    for (let j = 0; j < len; j++) dst[di + j * ds] = src[si + j * ss]!;
  });
}
