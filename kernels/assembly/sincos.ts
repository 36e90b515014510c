// sin and cos of f32 lanes, as src/backend/js/f32-sincos.ts bit for bit: the same f64 operations in
// the same order. Four lanes below 2^23 take the vector Cody–Waite path; a group holding a larger
// (or non-finite) lane runs the scalar function, which repeats the vector path for the small ones.

const PIO2_1: f64 = 1.570796325802803;
const PIO2_2: f64 = 9.920935739593517e-10;
const PIO2_3: f64 = 5.721188726109832e-18;
const PIO2_HI: f64 = 1.5707963267948966;
const PIO2_LO: f64 = 6.123233995736766e-17;
const INV_PIO2: f64 = 0.6366197723675814;
/** 2/π in 24-bit chunks (fdlibm's ipio2), as f64. */
const TWO_OVER_PI = memory.data<f64>([0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163]);

// @ts-ignore: decorator
@inline function chunk(i: i32): f64 { return load<f64>(TWO_OVER_PI + (<usize>i << 3)); }
/** 2^k for normal k, from its bits. */
// @ts-ignore: decorator
@inline function pow2(k: i32): f64 { return reinterpret<f64>(<u64>(k + 1023) << 52); }
// @ts-ignore: decorator
@inline function mod4(t: f64): f64 { return t - 4 * Math.floor(t * 0.25); }

// @ts-ignore: decorator
@inline function sinPoly(r: f64): f64 {
  const z = r * r;
  let p: f64 = -8.22063524662433e-18;
  p = p * z + 2.8114572543455206e-15;
  p = p * z - 7.647163731819816e-13;
  p = p * z + 1.6059043836821613e-10;
  p = p * z - 2.505210838544172e-8;
  p = p * z + 2.7557319223985893e-6;
  p = p * z - 1.984126984126984e-4;
  p = p * z + 8.333333333333333e-3;
  p = p * z - 0.16666666666666666;
  return r == 0 ? r : r + r * (z * p);
}

// @ts-ignore: decorator
@inline function cosPoly(r: f64): f64 {
  const z = r * r;
  let p: f64 = -1.5619206968586225e-16;
  p = p * z + 4.779477332387385e-14;
  p = p * z - 1.1470745597729725e-11;
  p = p * z + 2.08767569878681e-9;
  p = p * z - 2.755731922398589e-7;
  p = p * z + 2.48015873015873e-5;
  p = p * z - 1.388888888888889e-3;
  p = p * z + 4.1666666666666664e-2;
  p = p * z - 0.5;
  return 1 + z * p;
}

/** sin x (shift 0) or cos x (shift 1): sinCos of js/f32-sincos.ts, reduceLarge inlined. */
function sinCos1(x: f32, shift: i32): f64 {
  const bits = reinterpret<u32>(x), biased = <i32>((bits >>> 23) & 0xff);
  const xd = <f64>x;
  let q: f64, r: f64, negate = false;
  if (biased < 150) {
    const n = Math.floor(xd * INV_PIO2 + 0.5);
    r = ((xd - n * PIO2_1) - n * PIO2_2) - n * PIO2_3;
    q = n;
  } else if (biased == 255) {
    return NaN;
  } else {
    const m = <f64>((bits & 0x7fffff) | 0x800000), e = biased - 150;
    const j = e < 2 ? 0 : (e - 2) / 24;
    const s = e - 24 * (j + 1);
    const a = mod4(m * chunk(j) * pow2(s));
    const b = mod4(m * chunk(j + 1) * pow2(s - 24));
    let f = a + b;
    if (f >= 4) f -= 4;
    const c = m * chunk(j + 2) * pow2(s - 48);
    const d = m * chunk(j + 3) * pow2(s - 72);
    const g = m * chunk(j + 4) * pow2(s - 96);
    q = Math.floor((f + c) + 0.5);
    const z = (((f - q) + c) + d) + g;
    r = z * PIO2_HI + z * PIO2_LO;
    negate = x < 0 && shift == 0;
  }
  const quadrant = (<i32>q + shift) & 3;
  const v = quadrant & 1 ? cosPoly(r) : sinPoly(r);
  const out = quadrant & 2 ? -v : v;
  return negate ? -out : out;
}

// @ts-ignore: decorator
@inline function sinPoly2(r: v128): v128 {
  const z = f64x2.mul(r, r);
  let p = f64x2.splat(-8.22063524662433e-18);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(2.8114572543455206e-15));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(7.647163731819816e-13));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.6059043836821613e-10));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(2.505210838544172e-8));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(2.7557319223985893e-6));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(1.984126984126984e-4));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(8.333333333333333e-3));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(0.16666666666666666));
  return v128.bitselect(r, f64x2.add(r, f64x2.mul(r, f64x2.mul(z, p))), f64x2.eq(r, f64x2.splat(0)));
}

// @ts-ignore: decorator
@inline function cosPoly2(r: v128): v128 {
  const z = f64x2.mul(r, r);
  let p = f64x2.splat(-1.5619206968586225e-16);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(4.779477332387385e-14));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(1.1470745597729725e-11));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(2.08767569878681e-9));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(2.755731922398589e-7));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(2.48015873015873e-5));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(1.388888888888889e-3));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(4.1666666666666664e-2));
  p = f64x2.sub(f64x2.mul(p, z), f64x2.splat(0.5));
  return f64x2.add(f64x2.splat(1), f64x2.mul(z, p));
}

/** The Cody–Waite path of sinCos1 on two lanes (each |x| < 2^23). */
// @ts-ignore: decorator
@inline function sinCosSmall2(x: v128, shift: i32): v128 {
  const n = f64x2.floor(f64x2.add(f64x2.mul(x, f64x2.splat(INV_PIO2)), f64x2.splat(0.5)));
  const r = f64x2.sub(f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(PIO2_1))), f64x2.mul(n, f64x2.splat(PIO2_2))), f64x2.mul(n, f64x2.splat(PIO2_3)));
  const quadrant = i64x2.extend_low_i32x4_s(v128.and(i32x4.add(i32x4.trunc_sat_f64x2_s_zero(n), i32x4.splat(shift)), i32x4.splat(3)));
  const odd = i64x2.ne(v128.and(quadrant, i64x2.splat(1)), i64x2.splat(0));
  const high = i64x2.ne(v128.and(quadrant, i64x2.splat(2)), i64x2.splat(0));
  const v = v128.bitselect(cosPoly2(r), sinPoly2(r), odd);
  return v128.bitselect(f64x2.neg(v), v, high);
}

/** sin (shift 0) or cos (shift 1) of four f32 lanes, each rounded to f32. */
// @ts-ignore: decorator
@inline export function sinCos4(x: v128, shift: i32): v128 {
  const biased = v128.and(i32x4.shr_u(x, 23), i32x4.splat(0xff));
  if (v128.any_true(i32x4.ge_u(biased, i32x4.splat(150)))) {
    let out = f32x4.splat(<f32>sinCos1(f32x4.extract_lane(x, 0), shift));
    out = f32x4.replace_lane(out, 1, <f32>sinCos1(f32x4.extract_lane(x, 1), shift));
    out = f32x4.replace_lane(out, 2, <f32>sinCos1(f32x4.extract_lane(x, 2), shift));
    return f32x4.replace_lane(out, 3, <f32>sinCos1(f32x4.extract_lane(x, 3), shift));
  }
  const lo = sinCosSmall2(f64x2.promote_low_f32x4(x), shift);
  const hi = sinCosSmall2(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 0, 1)), shift);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
