// The dropout multiply and the Philox4x32-10 keep-mask, bit-identical to src/random (philox.ts,
// distributions.ts dropMaskBits) and src/backend/js/dropout.ts maskedScale.

const M0: u32 = 0xd2511f53, M1: u32 = 0xcd9e8d57, W0: u32 = 0x9e3779b9, W1: u32 = 0xbb67ae85;

/** Lane j all ones where bit (shift + j) of bits is set: 4 mask lanes for 4 consecutive elements. */
// @ts-ignore: decorator
@inline function laneMask(bits: u32, shift: u32): v128 {
  const nibble = i32x4.splat(<i32>((bits >>> shift) & 15));
  return i32x4.ne(v128.and(nibble, i32x4(1, 2, 4, 8)), i32x4.splat(0));
}

/**
 * x·scale rounded as JS does: in f64, then to f32 (when scale is an f32 value the f32 product is
 * the same number, so `exact32` takes the cheaper path).
 */
// @ts-ignore: decorator
@inline function scale4(x: v128, scale: f64, exact32: bool): v128 {
  if (exact32) return f32x4.mul(x, f32x4.splat(<f32>scale));
  const s = f64x2.splat(scale);
  const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(x), s));
  const hi = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 0, 1)), s));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** out[i] = keep bit i ? x[i]·scale : 0 for the `count` ≤ 32 elements of one mask word. */
// @ts-ignore: decorator
@inline function scaleWord(bits: u32, x: usize, out: usize, count: i32, scale: f64, exact32: bool): void {
  if (count == 32) {
    for (let q: u32 = 0; q < 32; q += 4) {
      const at = <usize>q << 2;
      v128.store(out + at, v128.and(scale4(v128.load(x + at), scale, exact32), laneMask(bits, q)));
    }
    return;
  }
  for (let j = 0; j < count; j++) {
    const at = <usize>j << 2;
    store<f32>(out + at, (bits >>> j) & 1 ? <f32>(<f64>load<f32>(x + at) * scale) : <f32>0);
  }
}

/** out[i] = x[i]·scale where bit i of keep is set, else 0 (bit i is word i>>5, bit i&31). */
export function maskedScaleF32(x: usize, n: i32, keep: usize, scale: f64, exact32: bool, out: usize): void {
  for (let w = 0; w < n; w += 32) {
    const at = <usize>w << 2;
    scaleWord(load<u32>(keep + (<usize>w >>> 3)), x + at, out + at, min(32, n - w), scale, exact32);
  }
}

/** Products a·m of 4 lanes as [low words, high words] of their 64-bit results. */
// @ts-ignore: decorator
@inline function mulLo(lo: v128, hi: v128): v128 { return i32x4.shuffle(lo, hi, 0, 2, 4, 6); }
// @ts-ignore: decorator
@inline function mulHi(lo: v128, hi: v128): v128 { return i32x4.shuffle(lo, hi, 1, 3, 5, 7); }

/** Keep bits of 16 stream words (see keepBits32) from the 4 state lanes of a finished Philox round. */
// @ts-ignore: decorator
@inline function keepBitsOf(x0: v128, x1: v128, x2: v128, x3: v128, t: v128): u32 {
  // Bytes [x0 lanes, x1 lanes, x2 lanes, x3 lanes] (byte 4k + j) reordered to element order 4j + k.
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(i32x4.ge_u(x0, t), i32x4.ge_u(x1, t)), i16x8.narrow_i32x4_s(i32x4.ge_u(x2, t), i32x4.ge_u(x3, t)));
  return <u32>i8x16.bitmask(i8x16.shuffle(bytes, bytes, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
}

/**
 * Keep bits of 32 stream words: 8 Philox blocks, one per lane of two groups (block counters
 * (a0, a1) then (b0, b1); c2 = c3 = 0); word k of block j is element 4j + k; bit set iff the word
 * ≥ t (unsigned). The two groups' rounds are interleaved: each round is a chain of dependent
 * multiplies, and two independent chains keep the multiplier busy while the other waits.
 */
// @ts-ignore: decorator
@inline function keepBits32(a0: v128, a1: v128, b0: v128, b1: v128, k0: u32, k1: u32, t: v128): u32 {
  let x0 = a0, x1 = a1, x2 = i32x4.splat(0), x3 = i32x4.splat(0);
  let y0 = b0, y1 = b1, y2 = i32x4.splat(0), y3 = i32x4.splat(0);
  let ka = k0, kb = k1;
  const m0 = i32x4.splat(M0), m1 = i32x4.splat(M1);
  for (let r = 0; r < 10; r++) {
    const ka4 = i32x4.splat(ka), kb4 = i32x4.splat(kb);
    const xl0 = i64x2.extmul_low_i32x4_u(x0, m0), xh0 = i64x2.extmul_high_i32x4_u(x0, m0);
    const yl0 = i64x2.extmul_low_i32x4_u(y0, m0), yh0 = i64x2.extmul_high_i32x4_u(y0, m0);
    const xl1 = i64x2.extmul_low_i32x4_u(x2, m1), xh1 = i64x2.extmul_high_i32x4_u(x2, m1);
    const yl1 = i64x2.extmul_low_i32x4_u(y2, m1), yh1 = i64x2.extmul_high_i32x4_u(y2, m1);
    x0 = v128.xor(v128.xor(mulHi(xl1, xh1), x1), ka4);
    y0 = v128.xor(v128.xor(mulHi(yl1, yh1), y1), ka4);
    x1 = mulLo(xl1, xh1);
    y1 = mulLo(yl1, yh1);
    x2 = v128.xor(v128.xor(mulHi(xl0, xh0), x3), kb4);
    y2 = v128.xor(v128.xor(mulHi(yl0, yh0), y3), kb4);
    x3 = mulLo(xl0, xh0);
    y3 = mulLo(yl0, yh0);
    ka += W0;
    kb += W1;
  }
  return keepBitsOf(x0, x1, x2, x3, t) | (keepBitsOf(y0, y1, y2, y3, t) << 16);
}

/**
 * The dropout keep-mask of n elements from Philox blocks cLo + cHi·2^32 onward under key (k0, k1):
 * bit i of mask word i>>5 is set iff stream word i ≥ t (t < 2^32; p = 1 is the caller's). Bits past
 * n are 0. When x ≠ 0 also writes out[i] = keep ? x[i]·scale : 0 in the same pass.
 */
export function dropoutMaskF32(n: i32, t: u32, k0: u32, k1: u32, cLo: u32, cHi: u32, mask: usize, x: usize, scale: f64, exact32: bool, out: usize): void {
  const tv = i32x4.splat(<i32>t), four = i32x4.splat(4);
  let c0 = i32x4.add(i32x4.splat(<i32>cLo), i32x4(0, 1, 2, 3));
  // Lanes whose low word wrapped carry into the high word (a lane mask is −1, so subtract).
  let c1 = i32x4.sub(i32x4.splat(<i32>cHi), i32x4.lt_u(c0, i32x4.splat(<i32>cLo)));
  for (let w = 0; w < n; w += 32) {
    let next = i32x4.add(c0, four);
    const d1 = i32x4.sub(c1, i32x4.lt_u(next, c0)), d0 = next;
    next = i32x4.add(d0, four);
    const e1 = i32x4.sub(d1, i32x4.lt_u(next, d0));
    let bits = keepBits32(c0, c1, d0, d1, k0, k1, tv);
    c0 = next;
    c1 = e1;
    const count = min(32, n - w);
    if (count < 32) bits &= (<u32>1 << count) - 1;
    store<u32>(mask + (<usize>w >>> 3), bits);
    if (x != 0) {
      const at = <usize>w << 2;
      scaleWord(bits, x + at, out + at, count, scale, exact32);
    }
  }
}
