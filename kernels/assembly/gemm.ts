// GEMM for the wasm backend: C[M×N] (+)= op(A)[M×K] · op(B)[K×N], f32, row-major, 128-bit SIMD.
// Both operands are packed first (which also makes the transposed variants backward needs free):
// B into panels of 8 columns (K×8 contiguous, zero-padded), A into blocks of 4 rows (K×4
// interleaved). A 4×8 register tile (8 f32x4 accumulators) then streams both packs.

// @ts-ignore: decorator
@inline function elem(p: usize, ld: i32, row: i32, col: i32, trans: bool): f32 {
  return trans ? load<f32>(p + (<usize>(col * ld + row) << 2)) : load<f32>(p + (<usize>(row * ld + col) << 2));
}

function packB(b: usize, ldb: i32, transB: bool, K: i32, N: i32, dst: usize): void {
  for (let j0 = 0; j0 < N; j0 += 8) {
    const w = min(8, N - j0);
    const panel = dst + (<usize>(j0 * K) << 2);
    for (let k = 0; k < K; k++) {
      const d = panel + (<usize>(k * 8) << 2);
      if (!transB && w == 8) {
        const src = b + (<usize>(k * ldb + j0) << 2);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        for (let j = 0; j < 8; j++) store<f32>(d + (<usize>j << 2), j < w ? elem(b, ldb, k, j0 + j, transB) : <f32>0);
      }
    }
  }
}

function packA(a: usize, lda: i32, transA: bool, i0: i32, rows: i32, K: i32, dst: usize): void {
  for (let k = 0; k < K; k++) {
    const d = dst + (<usize>(k * 4) << 2);
    for (let r = 0; r < 4; r++) store<f32>(d + (<usize>r << 2), r < rows ? elem(a, lda, i0 + r, k, transA) : <f32>0);
  }
}


/** c + a·b: one fused multiply-add where the runtime has relaxed SIMD (chosen at build time). */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * scratchA needs 16·K + 128 bytes (the packed A block, then the edge tile), scratchB 32·K·⌈N/8⌉
 * bytes. No static scratch: threads sharing the memory each pass their own.
 */
export function gemm(transA: bool, transB: bool, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool, scratchA: usize, scratchB: usize): void {
  const tile = scratchA + (<usize>K << 4);
  packB(b, ldb, transB, K, N, scratchB);
  for (let i0 = 0; i0 < M; i0 += 4) {
    const rows = min(4, M - i0);
    packA(a, lda, transA, i0, rows, K, scratchA);
    for (let j0 = 0; j0 < N; j0 += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let pa = scratchA, pb = scratchB + (<usize>(j0 * K) << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb), b1 = v128.load(pb, 16);
        const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4), a2 = v128.load32_splat(pa, 8), a3 = v128.load32_splat(pa, 12);
        c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
        pa += 16;
        pb += 32;
      }
      const w = min(8, N - j0);
      if (rows == 4 && w == 8 && !accumulate) {
        const p = c + (<usize>(i0 * ldc + j0) << 2), s = <usize>ldc << 2;
        v128.store(p, c00); v128.store(p, c01, 16);
        v128.store(p + s, c10); v128.store(p + s, c11, 16);
        v128.store(p + 2 * s, c20); v128.store(p + 2 * s, c21, 16);
        v128.store(p + 3 * s, c30); v128.store(p + 3 * s, c31, 16);
      } else {
        v128.store(tile, c00); v128.store(tile, c01, 16); v128.store(tile, c10, 32); v128.store(tile, c11, 48);
        v128.store(tile, c20, 64); v128.store(tile, c21, 80); v128.store(tile, c30, 96); v128.store(tile, c31, 112);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < w; j++) {
            const p = c + (<usize>((i0 + r) * ldc + j0 + j) << 2);
            const v = load<f32>(tile + (<usize>(r * 8 + j) << 2));
            store<f32>(p, accumulate ? load<f32>(p) + v : v);
          }
        }
      }
    }
  }
}
