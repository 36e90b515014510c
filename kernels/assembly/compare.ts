// Comparisons of f32 operands into bool (u8 0/1), as the JS reference: IEEE comparisons, so NaN is
// unequal to everything (ne is true) and −0 equals +0. Also the unary tests logicalNot and isnan.

const EQ = 0, NE = 1, GT = 2, GE = 3, LT = 4, LE = 5;
const LOGICAL_NOT = 0;

// @ts-ignore: decorator
@inline function test4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case EQ: return f32x4.eq(a, b);
    case NE: return f32x4.ne(a, b);
    case GT: return f32x4.gt(a, b);
    case GE: return f32x4.ge(a, b);
    case LT: return f32x4.lt(a, b);
    default: return f32x4.le(a, b);
  }
}

// @ts-ignore: decorator
@inline function test1(op: i32, a: f32, b: f32): bool {
  switch (op) {
    case EQ: return a == b;
    case NE: return a != b;
    case GT: return a > b;
    case GE: return a >= b;
    case LT: return a < b;
    default: return a <= b;
  }
}

/** Four all-ones/zero i32 lanes as four bytes 1/0 at p. */
// @ts-ignore: decorator
@inline function storeBytes(p: usize, mask: v128): void {
  const h = i16x8.narrow_i32x4_s(mask, mask);
  v128.store32_lane(p, v128.and(i8x16.narrow_i16x8_s(h, h), i8x16.splat(1)), 0);
}

/**
 * out[r, c] = a[r·aRow + c·aCol] op b[r·bRow + c·bCol] ? 1 : 0 (bytes) for a contiguous [rows, cols]
 * out, column strides 0 or 1 as in binaryF32. op: 0 eq, 1 ne, 2 gt, 3 ge, 4 lt, 5 le.
 */
export function compareF32(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const pa = a + (<usize>(r * aRow) << 2), pb = b + (<usize>(r * bRow) << 2), po = out + <usize>(r * cols);
    let c = 0;
    if (aCol == 1 && bCol == 1) {
      for (; c + 4 <= cols; c += 4) storeBytes(po + <usize>c, test4(op, v128.load(pa + (<usize>c << 2)), v128.load(pb + (<usize>c << 2))));
    } else if (aCol == 1) {
      const vb = v128.load32_splat(pb);
      for (; c + 4 <= cols; c += 4) storeBytes(po + <usize>c, test4(op, v128.load(pa + (<usize>c << 2)), vb));
    } else if (bCol == 1) {
      const va = v128.load32_splat(pa);
      for (; c + 4 <= cols; c += 4) storeBytes(po + <usize>c, test4(op, va, v128.load(pb + (<usize>c << 2))));
    }
    for (; c < cols; c++) store<u8>(po + <usize>c, test1(op, load<f32>(pa + (<usize>(c * aCol) << 2)), load<f32>(pb + (<usize>(c * bCol) << 2))) ? 1 : 0);
  }
}

/** out[i] = (x[i] == 0) (op 0, logicalNot; NaN gives 0) or (x[i] is NaN) (op 1, isnan), as bytes 1/0. */
export function testF32(op: i32, x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    storeBytes(out + <usize>i, op == LOGICAL_NOT ? f32x4.eq(v, zero) : f32x4.ne(v, v));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<u8>(out + <usize>i, (op == LOGICAL_NOT ? v == 0 : v != v) ? 1 : 0);
  }
}
