// Lane conversions shared by the kernels that compute in f64 and store f32 (softmax,
// the elementwise and unary ops), and the zero-padded loads and partial stores of a row's last 1–3 floats.

/** Lanes 0, 1 of an f32x4 as f64x2. */
// @ts-ignore: decorator
@inline export function lowF64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
/** Lanes 2, 3 of an f32x4 as f64x2. */
// @ts-ignore: decorator
@inline export function highF64(v: v128): v128 { return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)); }
/** Two f64x2 rounded back into one f32x4 (lo in lanes 0, 1). */
// @ts-ignore: decorator
@inline export function toF32(lo: v128, hi: v128): v128 { return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5); }

/** The last `rem` (1–3) floats of a row at p, zero-padded (reads nothing past the row). */
// @ts-ignore: decorator
@inline export function loadTail(p: usize, rem: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (rem > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (rem > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** min(left, 4) floats at p, zero-filled: a vector loop's last 1–3 elements go through the same vector code. */
// @ts-ignore: decorator
@inline export function load4(p: usize, left: i32): v128 {
  return left >= 4 ? v128.load(p) : loadTail(p, left);
}

/** The first min(left, 4) lanes of x at p. */
// @ts-ignore: decorator
@inline export function store4(p: usize, x: v128, left: i32): void {
  if (left >= 4) v128.store(p, x);
  else {
    v128.store32_lane(p, x, 0);
    if (left > 1) v128.store32_lane(p + 4, x, 1);
    if (left > 2) v128.store32_lane(p + 8, x, 2);
  }
}
