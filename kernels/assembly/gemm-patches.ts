// Packing GEMM panels straight from an image: the operand is the patch matrix im2col would write,
// P[r, q] with r = (c·kh + i)·kw + j and q = (n·Ho + y)·Wo + x, read where it lies in the image, so
// a convolution's forward (W·P) and weight gradient (dY·Pᵀ) never write P out and read it back.
// Only for unpadded convolutions: every entry is then inside the image, at the element offset of
// its row plus that of its column (patchOffsets), and the packers need no bounds checks. Values are copied, so the GEMM
// computes exactly what it would from the written-out matrix.
// Geometry block (i32, as conv.ts): [batch, channels, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, cStart, cCount].

import { at, geo } from "./addressing";
import { transpose4Store } from "./gemm-pack";
import { MR, NR } from "./gemm-tile";

/**
 * Offsets of `count` of P's columns (alongColumns) or rows from `from` on: table[k] = the element
 * offset of column from + k in the image, n·C·H·W + y·sh·W + x·sw, or of row from + k,
 * (cStart + c)·H·W + i·dh·W + j·dw. The packers below read their offsets from such tables, made
 * once per block by counting: no division in any loop (TurboFan was seen recomputing a
 * division-based offset inside a packing loop, at 10× the cost).
 */
export function patchOffsets(g: usize, alongColumns: bool, from: i32, count: i32, table: usize): void {
  const H = geo(g, 2), W = geo(g, 3);
  // Three nested counters, fastest first: x, y, n for a column; j, i, c for a row.
  const n0 = alongColumns ? geo(g, 13) : geo(g, 5), n1 = alongColumns ? geo(g, 12) : geo(g, 4);
  const step0 = alongColumns ? geo(g, 7) : geo(g, 11), step1 = (alongColumns ? geo(g, 6) : geo(g, 10)) * W;
  const step2 = alongColumns ? geo(g, 1) * H * W : H * W, base = alongColumns ? 0 : geo(g, 14) * H * W;
  let c0 = from % n0, c1 = (from / n0) % n1;
  let offset = base + c0 * step0 + c1 * step1 + (from / (n0 * n1)) * step2;
  for (let k = 0; k < count; k++) {
    store<i32>(at(table, k), offset);
    offset += step0;
    if (++c0 == n0) {
      c0 = 0;
      offset += step1 - n0 * step0;
      if (++c1 == n1) {
        c1 = 0;
        offset += step2 - n1 * step1;
      }
    }
  }
}

/**
 * As packColumns: kc rows of P (offsets in `rows`) × `width` (≤ lanes) of its columns (offsets in
 * `columns`), as kc rows of `lanes` floats, zero-padded: dst[k·lanes + l] = P[row k, column l].
 * Four columns whose offsets rise by exactly 3 are contiguous in the image (without padding,
 * offsets rise by at least 1 per column): copied as one vector.
 */
export function patchColumns(x: usize, rows: usize, kc: i32, columns: usize, width: i32, lanes: i32, dst: usize): void {
  const stride = <usize>lanes << 2;
  for (let l0 = 0; l0 < lanes; l0 += 4) {
    if (l0 + 4 <= width && load<i32>(at(columns, l0 + 3)) == load<i32>(at(columns, l0)) + 3) {
      const src = at(x, load<i32>(at(columns, l0))), d = dst + (<usize>l0 << 2);
      for (let k = 0; k < kc; k++) v128.store(d + <usize>k * stride, v128.load(at(src, load<i32>(at(rows, k)))));
      continue;
    }
    for (let l = l0; l < min(l0 + 4, lanes); l++) {
      const e = dst + (<usize>l << 2);
      if (l >= width) {
        for (let k = 0; k < kc; k++) store<f32>(e + <usize>k * stride, 0);
        continue;
      }
      const src = at(x, load<i32>(at(columns, l)));
      for (let k = 0; k < kc; k++) store<f32>(e + <usize>k * stride, load<f32>(at(src, load<i32>(at(rows, k)))));
    }
  }
}

/**
 * As packLines: `width` (≤ lanes) rows of P (offsets in `lines`) × kc of its columns (offsets in
 * `columns`), as kc rows of `lanes` floats, zero-padded: dst[k·lanes + l] = P[row l, column k].
 * Four contiguous columns are gathered from four rows as vectors and transposed 4×4.
 */
export function patchLines(x: usize, lines: usize, width: i32, lanes: i32, columns: usize, kc: i32, dst: usize): void {
  const stride = <usize>lanes << 2;
  for (let l0 = 0; l0 < lanes; l0 += 4) {
    const d = dst + (<usize>l0 << 2);
    if (l0 + 4 <= width) {
      const s0 = at(x, load<i32>(at(lines, l0))), s1 = at(x, load<i32>(at(lines, l0 + 1)));
      const s2 = at(x, load<i32>(at(lines, l0 + 2))), s3 = at(x, load<i32>(at(lines, l0 + 3)));
      let k = 0;
      while (k < kc) {
        const c0 = load<i32>(at(columns, k)), o = <usize>c0 << 2, e = d + <usize>k * stride;
        if (k + 4 <= kc && load<i32>(at(columns, k + 3)) == c0 + 3) {
          transpose4Store(v128.load(s0 + o), v128.load(s1 + o), v128.load(s2 + o), v128.load(s3 + o), e, stride);
          k += 4;
        } else {
          store<f32>(e, load<f32>(s0 + o)); store<f32>(e, load<f32>(s1 + o), 4);
          store<f32>(e, load<f32>(s2 + o), 8); store<f32>(e, load<f32>(s3 + o), 12);
          k++;
        }
      }
      continue;
    }
    for (let l = l0; l < min(l0 + 4, lanes); l++) {
      const e = dst + (<usize>l << 2);
      if (l >= width) {
        for (let k = 0; k < kc; k++) store<f32>(e + <usize>k * stride, 0);
        continue;
      }
      const src = at(x, load<i32>(at(lines, l)));
      for (let k = 0; k < kc; k++) store<f32>(e + <usize>k * stride, load<f32>(src + (<usize>load<i32>(at(columns, k)) << 2)));
    }
  }
}

/**
 * As packA for op(A) = P (transA false) or Pᵀ: a block of mc rows of op(A) (offsets in `across`,
 * from patchOffsets) × kc (offsets in `depth`).
 */
export function packPatchesA(x: usize, transA: bool, mc: i32, kc: i32, across: usize, depth: usize, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip), panel = dst + (<usize>(ip * kc) << 2), mine = at(across, ip);
    if (transA) patchColumns(x, depth, kc, mine, rows, MR, panel);
    else patchLines(x, mine, rows, MR, depth, kc, panel);
  }
}

/**
 * As packB for op(B) = P (transB false) or Pᵀ: a block of kc (offsets in `depth`) × nc columns of
 * op(B) (offsets in `across`, from patchOffsets).
 */
export function packPatchesB(x: usize, transB: bool, kc: i32, nc: i32, across: usize, depth: usize, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp), panel = dst + (<usize>(jp * kc) << 2), mine = at(across, jp);
    if (transB) patchLines(x, mine, cols, NR, depth, kc, panel);
    else patchColumns(x, depth, kc, mine, cols, NR, panel);
  }
}
