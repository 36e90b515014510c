// Elementwise f32 unary ops, four lanes at a time; the last 1–3 elements go through the same vector
// code (zero-padded), so tails give the same bits as the body. One-operation ops (neg, abs, square,
// sqrt, reciprocal, floor, ceil, trunc, round) equal the JS reference's f64 operation rounded to f32
// (for these the f32 operation rounds identically). rsqrt and the transcendentals (sin, cos: sincos.ts; erf: erf.ts) run in f64, as the
// JS reference (js/elementwise.ts, js/f32-math.ts) does, and round once.

import { highF64, loadTail, lowF64, store4, toF32 } from "./lanes";
import { softExp2 } from "./softmax";
import { expm12, log1p2, log2, sigmoid2, tanh2 } from "./f32-math";
import { sinCos4 } from "./sincos";
import { erf2 } from "./erf";

// The codes of UNARY_CODES in src/backend/wasm/wasm-backend.ts.
const NEG = 0, ABS = 1, SQUARE = 2, SQRT = 3, RSQRT = 4, RECIPROCAL = 5, FLOOR = 6, CEIL = 7, ROUND = 8,
  TRUNC = 9, SIGN = 10, EXP = 11, LOG = 12, LOG1P = 13, EXPM1 = 14, TANH = 15, SIGMOID = 16, SIN = 17, COS = 18, ERF = 19;

/** One f64 pair of lanes through an op computed in f64 (not inlined: the code would double for little gain). */
function apply2(op: i32, x: v128): v128 {
  switch (op) {
    case RSQRT: return f64x2.div(f64x2.splat(1), f64x2.sqrt(x));
    case EXP: return softExp2(x);
    case LOG: return log2(x);
    case LOG1P: return log1p2(x);
    case EXPM1: return expm12(x);
    case TANH: return tanh2(x);
    case ERF: return erf2(x);
    default: return sigmoid2(x);
  }
}

// @ts-ignore: decorator
@inline function apply4(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQUARE: return f32x4.mul(x, x);
    case SQRT: return f32x4.sqrt(x);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    // Round half to even, as the JS reference.
    case ROUND: return f32x4.nearest(x);
    case TRUNC: return f32x4.trunc(x);
    // 1, −1, or x itself (±0, NaN).
    case SIGN: return v128.bitselect(f32x4.splat(1), v128.bitselect(f32x4.splat(-1), x, f32x4.lt(x, f32x4.splat(0))), f32x4.gt(x, f32x4.splat(0)));
    case SIN: return sinCos4(x, 0);
    case COS: return sinCos4(x, 1);
    default: return toF32(apply2(op, lowF64(x)), apply2(op, highF64(x)));
  }
}

/** out[i] = op(x[i]) for i < n; op is a code of UNARY_CODES. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), apply4(op, v128.load(x + (<usize>i << 2))));
  const rem = n - i;
  if (rem == 0) return;
  store4(out + (<usize>i << 2), apply4(op, loadTail(x + (<usize>i << 2), rem)), rem);
}
