// Elementwise f32 kernels over contiguous rows. Every result equals the JS reference bit for bit:
// one f32 add/sub/mul/div rounds exactly as the f64 operation rounded to f32 (double rounding is
// innocuous for these when 53 ≥ 2·24 + 2), and sums accumulate in f64 in the JS order.

import { highF64, lowF64, toF32 } from "./lanes";

const ADD = 0, SUB = 1, MUL = 2, DIV = 3, RELU_GRAD = 4, MAXIMUM = 5, MINIMUM = 6, FLOOR_DIV = 7, TRUNC_DIV = 8;

/** NaN where either operand is NaN, else r: maximum/minimum propagate NaN, as the JS reference. */
// @ts-ignore: decorator
@inline function nanOr(a: v128, b: v128, r: v128): v128 {
  return v128.bitselect(f32x4.splat(NaN), r, v128.or(f32x4.ne(a, a), f32x4.ne(b, b)));
}

// @ts-ignore: decorator
@inline function apply4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    // a > b ? a : b (not f32x4.max, which prefers +0 to −0 where JS keeps b).
    case MAXIMUM: return nanOr(a, b, v128.bitselect(a, b, f32x4.gt(a, b)));
    case MINIMUM: return nanOr(a, b, v128.bitselect(a, b, f32x4.lt(a, b)));
    // The quotient in f64, as the JS reference: the f32 quotient could round up to an integer first.
    case FLOOR_DIV: return toF32(f64x2.floor(f64x2.div(lowF64(a), lowF64(b))), f64x2.floor(f64x2.div(highF64(a), highF64(b))));
    case TRUNC_DIV: return toF32(f64x2.trunc(f64x2.div(lowF64(a), lowF64(b))), f64x2.trunc(f64x2.div(highF64(a), highF64(b))));
    default: return v128.and(a, f32x4.gt(b, f32x4.splat(0)));
  }
}

// @ts-ignore: decorator
@inline function apply1(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: return a != a || b != b ? NaN : a > b ? a : b;
    case MINIMUM: return a != a || b != b ? NaN : a < b ? a : b;
    case FLOOR_DIV: return <f32>Math.floor(<f64>a / <f64>b);
    case TRUNC_DIV: return <f32>Math.trunc(<f64>a / <f64>b);
    default: return b > 0 ? a : 0;
  }
}

/**
 * out[r, c] = a[r·aRow + c·aCol] op b[r·bRow + c·bCol] for a contiguous [rows, cols] out, where
 * the column strides are 0 (broadcast) or 1. op: 0 add, 1 sub, 2 mul, 3 div, 4 reluGrad, 5 maximum,
 * 6 minimum, 7 floorDiv, 8 truncDiv.
 */
export function binaryF32(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const pa = a + (<usize>(r * aRow) << 2), pb = b + (<usize>(r * bRow) << 2), po = out + (<usize>(r * cols) << 2);
    let c = 0;
    if (aCol == 1 && bCol == 1) {
      for (; c + 4 <= cols; c += 4) v128.store(po + (<usize>c << 2), apply4(op, v128.load(pa + (<usize>c << 2)), v128.load(pb + (<usize>c << 2))));
    } else if (aCol == 1) {
      const vb = v128.load32_splat(pb);
      for (; c + 4 <= cols; c += 4) v128.store(po + (<usize>c << 2), apply4(op, v128.load(pa + (<usize>c << 2)), vb));
    } else if (bCol == 1) {
      const va = v128.load32_splat(pa);
      for (; c + 4 <= cols; c += 4) v128.store(po + (<usize>c << 2), apply4(op, va, v128.load(pb + (<usize>c << 2))));
    }
    for (; c < cols; c++) store<f32>(po + (<usize>c << 2), apply1(op, load<f32>(pa + (<usize>(c * aCol) << 2)), load<f32>(pb + (<usize>(c * bCol) << 2))));
  }
}

/** out[i] = x[i] > 0 ? x[i] : (NaN stays NaN, else 0); −0 becomes +0, as the JS reference. */
export function reluF32(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), f32x4.max(v128.load(x + (<usize>i << 2)), zero));
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), v > 0 ? v : v != v ? v : 0);
  }
}

/**
 * Folds the middle axis of a contiguous [outer, size, inner] x in f64, in index order, rounded to
 * f32 once, as the JS reference: the sum (product = false) or the product. Inlined into each
 * export with `product` constant, so each keeps its own loop.
 */
// @ts-ignore: decorator
@inline function foldAxis(x: usize, outer: i32, size: i32, inner: i32, out: usize, product: bool): void {
  const start: f64 = product ? 1 : 0;
  for (let o = 0; o < outer; o++) {
    const base = x + (<usize>(o * size * inner) << 2), dst = out + (<usize>(o * inner) << 2);
    let i = 0;
    for (; i + 2 <= inner; i += 2) {
      let acc = f64x2.splat(start);
      for (let j = 0; j < size; j++) {
        const v = f64x2.promote_low_f32x4(v128.load64_zero(base + (<usize>(j * inner + i) << 2)));
        acc = product ? f64x2.mul(acc, v) : f64x2.add(acc, v);
      }
      v128.store64_lane(dst + (<usize>i << 2), f32x4.demote_f64x2_zero(acc), 0);
    }
    for (; i < inner; i++) {
      let s = start;
      for (let j = 0; j < size; j++) {
        const v = <f64>load<f32>(base + (<usize>(j * inner + i) << 2));
        s = product ? s * v : s + v;
      }
      store<f32>(dst + (<usize>i << 2), <f32>s);
    }
  }
}

/** Sums the middle axis of a contiguous [outer, size, inner] x in f64, in order, as the JS reference. */
export function sumAxisF32(x: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  foldAxis(x, outer, size, inner, out, false);
}

/** The product over the middle axis in f64, in index order, rounded once: as the JS reference. */
export function prodAxisF32(x: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  foldAxis(x, outer, size, inner, out, true);
}

/** Zeroes `bytes` bytes at p (memory.fill): a reused block, for alloc's zero-filled contract. */
export function zeroBytes(p: usize, bytes: i32): void {
  memory.fill(p, 0, <usize>bytes);
}
