// Packing for the GEMM: copies a block of op(A) or op(B) into the order the micro-kernel reads
// (see gemm-tile.ts), zero-padded to whole tiles. Packing both operands is what makes the
// transposed variants backward needs cost the same as the plain one: a transposed operand is
// gathered with 4×4 SIMD transposes instead of element by element.
import { MR, NR } from "./gemm-tile";

// @ts-ignore: decorator
@inline function at(p: usize, ld: i32, row: i32, col: i32): f32 {
  return load<f32>(p + (<usize>(row * ld + col) << 2));
}

/** Stores rows r0..r3 (4 values each) transposed: value kk of each row to dst + kk·dstStride bytes. */
// @ts-ignore: decorator
@inline export function transpose4Store(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, dstStride: usize): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, f32x4.shuffle(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, f32x4.shuffle(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, f32x4.shuffle(t2, t3, 2, 3, 6, 7));
}

/**
 * Writes rows r0..r0+3 (each `ld` floats apart, starting at column k of `src`) transposed: for
 * each of 4 columns kk, the 4 row values to dst + kk·dstStride bytes.
 */
// @ts-ignore: decorator
@inline function transpose4(src: usize, ld: i32, dst: usize, dstStride: usize): void {
  const s = <usize>ld << 2;
  transpose4Store(v128.load(src), v128.load(src + s), v128.load(src + 2 * s), v128.load(src + 3 * s), dst, dstStride);
}

/**
 * Packs `width` (≤ 8) lines of a matrix stored line by line (each `ld` floats, contiguous in k)
 * as kc rows of `lanes` floats: dst[k·lanes + l] = line l at k, zero for l ≥ width.
 */
function packLines(src: usize, ld: i32, width: i32, lanes: i32, kc: i32, dst: usize): void {
  const stride = <usize>lanes << 2;
  let k = 0;
  if (width == lanes) {
    // Whole groups of 4 lines by 4×4 transposes, then the leftover lines one by one.
    for (; k + 4 <= kc; k += 4) {
      const d = dst + <usize>k * stride;
      for (let l = 0; l + 4 <= lanes; l += 4) transpose4(src + (<usize>(l * ld + k) << 2), ld, d + (<usize>l << 2), stride);
      for (let l = lanes & ~3; l < lanes; l++) {
        for (let kk = 0; kk < 4; kk++) store<f32>(d + <usize>kk * stride + (<usize>l << 2), at(src, ld, l, k + kk));
      }
    }
  }
  for (; k < kc; k++) {
    const d = dst + <usize>k * stride;
    for (let l = 0; l < lanes; l++) store<f32>(d + (<usize>l << 2), l < width ? at(src, ld, l, k) : <f32>0);
  }
}

/**
 * Packs `width` (≤ 8) columns of a matrix stored row by row (row k at src + k·ld floats) as kc
 * rows of `lanes` floats: a copy of each row's slice, zero-padded.
 */
function packColumns(src: usize, ld: i32, width: i32, lanes: i32, kc: i32, dst: usize): void {
  const stride = <usize>lanes << 2, s = <usize>ld << 2;
  for (let k = 0; k < kc; k++) {
    const d = dst + <usize>k * stride, p = src + <usize>k * s;
    if (width == lanes && lanes == 8) {
      v128.store(d, v128.load(p)); v128.store(d, v128.load(p, 16), 16);
    } else if (width == lanes && lanes == 6) {
      v128.store(d, v128.load(p)); v128.store64_lane(d, v128.load64_zero(p, 16), 0, 16);
    } else {
      let l = 0;
      if (width >= 4) { v128.store(d, v128.load(p)); l = 4; }
      for (; l < lanes; l++) store<f32>(d + (<usize>l << 2), l < width ? load<f32>(p + (<usize>l << 2)) : <f32>0);
    }
  }
}

/**
 * Packs rows i0..i0+mc of op(A), columns k0..k0+kc, as micro-panels of MR rows (kc·MR floats each,
 * the last zero-padded).
 */
export function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip), panel = dst + (<usize>(ip * kc) << 2);
    // op(A) row i is A's row i (contiguous in k), or with transA A's column i (k-th row of A).
    if (transA) packColumns(a + (<usize>(k0 * lda + i0 + ip) << 2), lda, rows, MR, kc, panel);
    else packLines(a + (<usize>((i0 + ip) * lda + k0) << 2), lda, rows, MR, kc, panel);
  }
}

/**
 * Packs rows k0..k0+kc of op(B), columns j0..j0+nc, as micro-panels of NR columns (kc·NR floats
 * each, the last zero-padded).
 */
export function packB(b: usize, ldb: i32, transB: bool, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp), panel = dst + (<usize>(jp * kc) << 2);
    // op(B) column j is B's column j (k-th row of B), or with transB B's row j (contiguous in k).
    if (transB) packLines(b + (<usize>((j0 + jp) * ldb + k0) << 2), ldb, cols, NR, kc, panel);
    else packColumns(b + (<usize>(k0 * ldb + j0 + jp) << 2), ldb, cols, NR, kc, panel);
  }
}
