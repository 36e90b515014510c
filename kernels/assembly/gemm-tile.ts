// The GEMM micro-kernel: an MR×8 tile of C held in registers while it streams a packed A
// micro-panel (MR values per k) and a packed B micro-panel (8 values per k).
// x86-64 engines give wasm 15 usable xmm registers. With FMA, 6×8 fits them exactly (12
// accumulators, 2 of B, 1 broadcast of A) and keeps both FMA pipes busy; without it every step
// needs a temporary for the product, so 6×8 spills and 5×8 is the largest tile that does not
// (measured here: 6×8 FMA ≈ the machine's 128-bit peak; plain 5×8 ≈ 10% over 4×8).
// Keep this function exactly the loop and its loads and stores: a bias epilogue added after the
// loop (one more parameter, six splats and adds) made V8 compile every GEMM twice as slow.

/** Rows of the register tile (the build decides: 6 with relaxed-SIMD FMA, else 5). */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
/** Columns of the register tile (two f32x4). */
export const NR: i32 = 8;

/** c + a·b: one fused multiply-add where the build has relaxed SIMD. */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * C tile (MR×8 at `c`, rows `ldc` bytes apart) = (fromC ? C : 0) + Σₖ a[k]·b[k] over `kc` steps,
 * one product at a time in k order, so each element's result does not depend on where the tile
 * lies (edge tiles and thread parts compute the same values). Rows from `rows` on (A's zero
 * padding) go to `spare` (MR rows of 32 bytes) instead of C.
 */
export function tile(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, fromC: bool, rows: i32, spare: usize): void {
  const p1 = rows > 1 ? c + ldc : spare + 32, p2 = rows > 2 ? c + 2 * ldc : spare + 64, p3 = rows > 3 ? c + 3 * ldc : spare + 96;
  const p4 = rows > 4 ? c + 4 * ldc : spare + 128, p5 = rows > 5 ? c + 5 * ldc : spare + 160;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  if (fromC) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(p1); c11 = v128.load(p1, 16);
    c20 = v128.load(p2); c21 = v128.load(p2, 16);
    c30 = v128.load(p3); c31 = v128.load(p3, 16);
    c40 = v128.load(p4); c41 = v128.load(p4, 16);
    if (MR > 5) { c50 = v128.load(p5); c51 = v128.load(p5, 16); }
  }
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    if (MR > 5) {
      a = v128.load32_splat(pa, 20);
      c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    }
    pa += <usize>MR << 2;
    pb += <usize>NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(p1, c10); v128.store(p1, c11, 16);
  v128.store(p2, c20); v128.store(p2, c21, 16);
  v128.store(p3, c30); v128.store(p3, c31, 16);
  v128.store(p4, c40); v128.store(p4, c41, 16);
  if (MR > 5) { v128.store(p5, c50); v128.store(p5, c51, 16); }
}
