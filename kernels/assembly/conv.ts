// Convolution's data movement for the wasm backend, bit-identical to src/backend/js/conv.ts: im2col,
// its adjoint col2im, and the reorder between GEMM rows [channels, N·H·W] and NCHW (with the bias,
// and the bias gradient's sums on the way back). Geometry comes as a block of i32 in memory (a
// kernel on a helper thread takes at most 14 arguments):
// [batch, channels, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo, cStart, cCount].

import { at, geo } from "./addressing";

/** The output columns xo whose input column xo·sw − pw + j·dw lies in [0, W): [lo, hi). */
// @ts-ignore: decorator
@inline function validFrom(shift: i32, sw: i32): i32 {
  // Smallest xo ≥ 0 with xo·sw + shift ≥ 0.
  return shift >= 0 ? 0 : (-shift + sw - 1) / sw;
}

// @ts-ignore: decorator
@inline function validTo(shift: i32, sw: i32, W: i32, Wo: i32): i32 {
  // Smallest xo with xo·sw + shift ≥ W, capped at Wo.
  const lim = W - shift;
  return lim <= 0 ? 0 : min(Wo, (lim + sw - 1) / sw);
}

/**
 * Rows [r0, r1) of the patch matrix: out[(c·kh + i)·kw + j, (n·Ho + y)·Wo + x] =
 * x[n, cStart + c, y·sh − ph + i·dh, x·sw − pw + j·dw], 0 outside the input.
 */
export function im2colF32(g: usize, x: usize, out: usize, r0: i32, r1: i32): void {
  const N = geo(g, 0), C = geo(g, 1), H = geo(g, 2), W = geo(g, 3), kh = geo(g, 4), kw = geo(g, 5);
  const sh = geo(g, 6), sw = geo(g, 7), ph = geo(g, 8), pw = geo(g, 9), dh = geo(g, 10), dw = geo(g, 11);
  const Ho = geo(g, 12), Wo = geo(g, 13), cStart = geo(g, 14);
  const cols = N * Ho * Wo, total = N * C * H * W, wide = (Wo + 3) & ~3;
  for (let r = r0; r < r1; r++) {
    const j = r % kw, i = (r / kw) % kh, c = r / (kw * kh);
    const shift = j * dw - pw;
    const lo = min(validFrom(shift, sw), Wo), hi = max(lo, validTo(shift, sw, W, Wo));
    // A whole output row from stride-1 input: copied in whole vectors, the last one spilling up to 3
    // values into the next row's start (written next, by this thread) — not past the row r of out,
    // and not reading past x.
    const vectorRow = sw == 1 && lo == 0 && hi == Wo;
    for (let n = 0; n < N; n++) {
      const first = (n * C + cStart + c) * H * W, plane = at(x, first);
      for (let y = 0; y < Ho; y++) {
        const iy = y * sh - ph + i * dh;
        const dst = at(out, r * cols + (n * Ho + y) * Wo);
        if (iy < 0 || iy >= H) {
          memory.fill(dst, 0, <usize>Wo << 2);
          continue;
        }
        const src = at(plane, iy * W + shift);
        if (vectorRow && (n + 1 < N || y + 1 < Ho) && first + iy * W + shift + wide <= total) {
          for (let xo = 0; xo < Wo; xo += 4) v128.store(at(dst, xo), v128.load(at(src, xo)));
          continue;
        }
        for (let xo = 0; xo < lo; xo++) store<f32>(at(dst, xo), 0);
        let xo = lo;
        if (sw == 1) {
          for (; xo + 4 <= hi; xo += 4) v128.store(at(dst, xo), v128.load(at(src, xo)));
          for (; xo < hi; xo++) store<f32>(at(dst, xo), load<f32>(at(src, xo)));
        } else {
          for (; xo < hi; xo++) store<f32>(at(dst, xo), load<f32>(at(src, xo * sw)));
        }
        for (xo = hi; xo < Wo; xo++) store<f32>(at(dst, xo), 0);
      }
    }
  }
}

/**
 * The adjoint of im2col for channels [c0, c1) (relative to cStart): adds each column entry into its
 * input position of dx, in the reference's order (each channel's planes are written by its rows only).
 */
export function col2imF32(g: usize, cols: usize, dx: usize, c0: i32, c1: i32): void {
  const N = geo(g, 0), C = geo(g, 1), H = geo(g, 2), W = geo(g, 3), kh = geo(g, 4), kw = geo(g, 5);
  const sh = geo(g, 6), sw = geo(g, 7), ph = geo(g, 8), pw = geo(g, 9), dh = geo(g, 10), dw = geo(g, 11);
  const Ho = geo(g, 12), Wo = geo(g, 13), cStart = geo(g, 14);
  const n2 = N * Ho * Wo;
  for (let c = c0; c < c1; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * n2;
        const shift = j * dw - pw;
        const lo = min(validFrom(shift, sw), Wo), hi = max(lo, validTo(shift, sw, W, Wo));
        for (let n = 0; n < N; n++) {
          const plane = at(dx, (n * C + cStart + c) * H * W);
          for (let y = 0; y < Ho; y++) {
            const iy = y * sh - ph + i * dh;
            if (iy < 0 || iy >= H) continue;
            const src = at(cols, row + (n * Ho + y) * Wo), dst = at(plane, iy * W + shift);
            let xo = lo;
            if (sw == 1) {
              for (; xo + 4 <= hi; xo += 4) v128.store(at(dst, xo), f32x4.add(v128.load(at(dst, xo)), v128.load(at(src, xo))));
              for (; xo < hi; xo++) store<f32>(at(dst, xo), load<f32>(at(dst, xo)) + load<f32>(at(src, xo)));
            } else {
              for (; xo < hi; xo++) store<f32>(at(dst, xo * sw), load<f32>(at(dst, xo * sw)) + load<f32>(at(src, xo)));
            }
          }
        }
      }
    }
  }
}

/**
 * GEMM rows → NCHW: out[(n·channels + cStart + o)·plane + i] = rows[o·batch·plane + n·plane + i]
 * (+ bias[cStart + o] when bias ≠ 0), for rows o in [o0, o1) of images n in [n0, n1). Threads take
 * images: the ops after a convolution (ReLU, pooling) split by image too, so each thread's part of
 * the output is still in its own cache when they read it.
 */
export function rowsToNchwF32(rows: usize, batch: i32, plane: i32, channels: i32, cStart: i32, bias: usize, out: usize, o0: i32, o1: i32, n0: i32, n1: i32): void {
  for (let o = o0; o < o1; o++) {
    const bs = bias == 0 ? <f32>0 : load<f32>(at(bias, cStart + o)), b = f32x4.splat(bs);
    for (let n = n0; n < n1; n++) {
      const src = at(rows, (o * batch + n) * plane), dst = at(out, (n * channels + cStart + o) * plane);
      if (bias == 0) {
        memory.copy(dst, src, <usize>plane << 2);
        continue;
      }
      let i = 0;
      for (; i + 4 <= plane; i += 4) v128.store(at(dst, i), f32x4.add(v128.load(at(src, i)), b));
      for (; i < plane; i++) store<f32>(at(dst, i), load<f32>(at(src, i)) + bs);
    }
  }
}

/**
 * NCHW → GEMM rows (rowsToNchwF32's inverse without bias), for rows o in [o0, o1). When sums ≠ 0
 * also sums[o] = Σ of row o in f64: per image four partial sums (element i into i mod 4), added as
 * (s0 + s1) + (s2 + s3), images in order — what the JS reference computes.
 */
export function nchwToRowsF32(x: usize, batch: i32, plane: i32, channels: i32, cStart: i32, rows: usize, sums: usize, o0: i32, o1: i32): void {
  for (let o = o0; o < o1; o++) {
    let total: f64 = 0;
    for (let n = 0; n < batch; n++) {
      const src = at(x, (n * channels + cStart + o) * plane), dst = at(rows, (o * batch + n) * plane);
      if (sums == 0) {
        memory.copy(dst, src, <usize>plane << 2);
        continue;
      }
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      let i = 0;
      for (; i + 4 <= plane; i += 4) {
        const v = v128.load(at(src, i));
        v128.store(at(dst, i), v);
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
      }
      let s0 = f64x2.extract_lane(lo, 0), s1 = f64x2.extract_lane(lo, 1), s2 = f64x2.extract_lane(hi, 0);
      const s3 = f64x2.extract_lane(hi, 1);
      // The tail (< 4 elements) continues partial sums 0, 1, 2.
      if (i < plane) { const v = load<f32>(at(src, i)); store<f32>(at(dst, i), v); s0 += <f64>v; i++; }
      if (i < plane) { const v = load<f32>(at(src, i)); store<f32>(at(dst, i), v); s1 += <f64>v; i++; }
      if (i < plane) { const v = load<f32>(at(src, i)); store<f32>(at(dst, i), v); s2 += <f64>v; i++; }
      total += (s0 + s1) + (s2 + s3);
    }
    if (sums != 0) store<f32>(at(sums, o), <f32>total);
  }
}
