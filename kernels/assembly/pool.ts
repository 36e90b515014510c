// Max and average pooling for the wasm backend, bit-identical to src/backend/js/conv.ts (same windows, same
// first-max and NaN rules, same argmax). Geometry comes as a block of i32 in memory:
// [planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo].

import { at, geo } from "./addressing";

/** Lanes where the reference takes v over best: v > best, or v is NaN. */
// @ts-ignore: decorator
@inline function takes(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
}

/**
 * The 2×2, stride-2 window without padding or dilation (every CNN's MaxPool2d(2)), four outputs of
 * one row at a time. Candidates in the reference's order a, b (row iy), c, d (row iy + 1): a is
 * always taken; a NaN ends its window row, so b counts only when a is not NaN, d only when c is not.
 * `whole`: the outputs whose window lies inside the row. Returns the first output column not done.
 */
// @ts-ignore: decorator
@inline function pool2x2Row(row: usize, W: i32, iy: i32, whole: i32, out: usize, argmax: usize): i32 {
  if (whole < 4) return 0;
  // The last 1–3 outputs: one more step over the last four, which writes the overlapped ones again
  // with the same values (W = 26 gives 13 outputs: 3 steps and this one instead of a scalar window).
  for (let step = 0; step < whole; step += 4) {
    const xo = min(step, whole - 4);
    const p0 = at(row, 2 * xo), p1 = p0 + (<usize>W << 2);
    const r0a = v128.load(p0), r0b = v128.load(p0, 16), r1a = v128.load(p1), r1b = v128.load(p1, 16);
    const a = i32x4.shuffle(r0a, r0b, 0, 2, 4, 6), b = i32x4.shuffle(r0a, r0b, 1, 3, 5, 7);
    const c = i32x4.shuffle(r1a, r1b, 0, 2, 4, 6), d = i32x4.shuffle(r1a, r1b, 1, 3, 5, 7);
    const ia = i32x4.add(i32x4.splat(iy * W + 2 * xo), i32x4(0, 2, 4, 6));
    let best = a, idx = ia;
    let t = v128.andnot(takes(b, best), f32x4.ne(a, a));
    best = v128.bitselect(b, best, t); idx = v128.bitselect(i32x4.add(ia, i32x4.splat(1)), idx, t);
    t = takes(c, best);
    best = v128.bitselect(c, best, t); idx = v128.bitselect(i32x4.add(ia, i32x4.splat(W)), idx, t);
    t = v128.andnot(takes(d, best), f32x4.ne(c, c));
    best = v128.bitselect(d, best, t); idx = v128.bitselect(i32x4.add(ia, i32x4.splat(W + 1)), idx, t);
    v128.store(at(out, xo), best);
    v128.store(at(argmax, xo), idx);
  }
  return whole;
}

/** Planes [p0, p1): out = the max of each window, argmax = its index within the plane (−1 for an empty window). */
export function maxPool2dF32(g: usize, x: usize, out: usize, argmax: usize, p0: i32, p1: i32): void {
  const H = geo(g, 1), W = geo(g, 2), kh = geo(g, 3), kw = geo(g, 4), sh = geo(g, 5), sw = geo(g, 6);
  const ph = geo(g, 7), pw = geo(g, 8), dh = geo(g, 9), dw = geo(g, 10), Ho = geo(g, 11), Wo = geo(g, 12);
  const fast = kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1;
  for (let p = p0; p < p1; p++) {
    const base = at(x, p * H * W);
    for (let y = 0; y < Ho; y++) {
      const o0 = (p * Ho + y) * Wo;
      // Whole windows only: ceil mode's last row and column (cut by the edge) take the general path.
      const start = fast && 2 * y + 1 < H ? pool2x2Row(at(base, 2 * y * W), W, 2 * y, min(Wo, W >> 1), at(out, o0), at(argmax, o0)) : 0;
      for (let xo = start; xo < Wo; xo++) {
        let best: f32 = -Infinity, found = -1;
        for (let i = 0; i < kh; i++) {
          const iy = y * sh - ph + i * dh;
          if (iy < 0 || iy >= H) continue;
          for (let j = 0; j < kw; j++) {
            const ix = xo * sw - pw + j * dw;
            if (ix < 0 || ix >= W) continue;
            const v = load<f32>(at(base, iy * W + ix));
            // The reference's rule: a greater value, or NaN (which then ends this window row), or the first.
            if (v > best || v != v || found < 0) {
              best = v;
              found = iy * W + ix;
              if (v != v) break;
            }
          }
        }
        const o = (p * Ho + y) * Wo + xo;
        store<f32>(at(out, o), best);
        store<i32>(at(argmax, o), found);
      }
    }
  }
}

/**
 * Planes [p0, p1) of dx: zeroed, then dx[argmax] += grad for each output, in output order. Each
 * thread zeroes its own planes just before it scatters into them, while they are in its cache.
 */
export function maxPool2dBackwardF32(g: usize, grad: usize, argmax: usize, dx: usize, p0: i32, p1: i32): void {
  const H = geo(g, 1), W = geo(g, 2), Ho = geo(g, 11), Wo = geo(g, 12);
  const outs = Ho * Wo;
  for (let p = p0; p < p1; p++) {
    const planeIn = at(dx, p * H * W);
    memory.fill(planeIn, 0, <usize>(H * W) << 2);
    for (let o = p * outs; o < (p + 1) * outs; o++) {
      const found = load<i32>(at(argmax, o));
      if (found >= 0) {
        const d = at(planeIn, found);
        store<f32>(d, load<f32>(d) + load<f32>(at(grad, o)));
      }
    }
  }
}

/**
 * PyTorch's divisor of an average-pool window [y0, y0 + kh) × [x0, x0 + kw) (starts before clipping):
 * the override, or the window cut to input + padding, or (without countIncludePad) cut to the input.
 */
// @ts-ignore: decorator
@inline function divisorOf(y0: i32, x0: i32, kh: i32, kw: i32, H: i32, W: i32, ph: i32, pw: i32, include: bool, divisor: f64): f64 {
  if (divisor > 0) return divisor;
  if (include) return <f64>((min(y0 + kh, H + ph) - y0) * (min(x0 + kw, W + pw) - x0));
  return <f64>((min(min(y0 + kh, H + ph), H) - max(y0, 0)) * (min(min(x0 + kw, W + pw), W) - max(x0, 0)));
}

/** Planes [p0, p1): out = the window's sum (in f64, row-major) / its divisor, rounded once. */
export function avgPool2dF32(g: usize, x: usize, out: usize, include: bool, divisor: f64, p0: i32, p1: i32): void {
  const H = geo(g, 1), W = geo(g, 2), kh = geo(g, 3), kw = geo(g, 4), sh = geo(g, 5), sw = geo(g, 6);
  const ph = geo(g, 7), pw = geo(g, 8), Ho = geo(g, 11), Wo = geo(g, 12);
  for (let p = p0; p < p1; p++) {
    const base = at(x, p * H * W);
    for (let y = 0; y < Ho; y++) {
      for (let xo = 0; xo < Wo; xo++) {
        const y0 = y * sh - ph, x0 = xo * sw - pw;
        const div = divisorOf(y0, x0, kh, kw, H, W, ph, pw, include, divisor);
        const ya = max(y0, 0), yb = min(min(y0 + kh, H + ph), H), xa = max(x0, 0), xb = min(min(x0 + kw, W + pw), W);
        let s: f64 = 0;
        for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) s += <f64>load<f32>(at(base, iy * W + ix));
        store<f32>(at(out, (p * Ho + y) * Wo + xo), <f32>(s / div));
      }
    }
  }
}

/** Planes [p0, p1): dx += grad / divisor over each window (in f64, rounded per addition), outputs in order. */
export function avgPool2dBackwardF32(g: usize, grad: usize, dx: usize, include: bool, divisor: f64, p0: i32, p1: i32): void {
  const H = geo(g, 1), W = geo(g, 2), kh = geo(g, 3), kw = geo(g, 4), sh = geo(g, 5), sw = geo(g, 6);
  const ph = geo(g, 7), pw = geo(g, 8), Ho = geo(g, 11), Wo = geo(g, 12);
  for (let p = p0; p < p1; p++) {
    const base = at(dx, p * H * W);
    for (let y = 0; y < Ho; y++) {
      for (let xo = 0; xo < Wo; xo++) {
        const y0 = y * sh - ph, x0 = xo * sw - pw;
        const v = <f64>load<f32>(at(grad, (p * Ho + y) * Wo + xo)) / divisorOf(y0, x0, kh, kw, H, W, ph, pw, include, divisor);
        const ya = max(y0, 0), yb = min(min(y0 + kh, H + ph), H), xa = max(x0, 0), xb = min(min(x0 + kw, W + pw), W);
        for (let iy = ya; iy < yb; iy++) {
          for (let ix = xa; ix < xb; ix++) {
            const d = at(base, iy * W + ix);
            store<f32>(d, <f32>(<f64>load<f32>(d) + v));
          }
        }
      }
    }
  }
}
