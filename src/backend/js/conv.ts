import type { Conv2dGeometry, Pool2dGeometry } from "../backend.js";
import type { FloatArray } from "../dtype.js";

/**
 * Unfolds input patches for a convolution as one matrix over the whole batch:
 * out[(c·kh + i)·kw + j, (n·Ho + y)·Wo + x] = x[n, cStart + c, y·sh − ph + i·dh, x·sw − pw + j·dw] (0 outside).
 */
export function im2col(x: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number, out: FloatArray): void {
  const { batch, channels, height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo } = g;
  const cols = batch * Ho * Wo;
  for (let c = 0; c < cCount; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * cols;
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + cStart + c) * H * W;
          for (let y = 0; y < Ho; y++) {
            const iy = y * sh - ph + i * dh;
            const dst = row + (n * Ho + y) * Wo;
            if (iy < 0 || iy >= H) {
              for (let xo = 0; xo < Wo; xo++) out[dst + xo] = 0;
              continue;
            }
            const src = plane + iy * W;
            for (let xo = 0; xo < Wo; xo++) {
              const ix = xo * sw - pw + j * dw;
              out[dst + xo] = ix >= 0 && ix < W ? x[src + ix]! : 0;
            }
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry back into its input position of dx. */
export function col2im(cols: FloatArray, g: Conv2dGeometry, cStart: number, cCount: number, dx: FloatArray): void {
  const { batch, channels, height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo } = g;
  const n2 = batch * Ho * Wo;
  for (let c = 0; c < cCount; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * n2;
        for (let n = 0; n < batch; n++) {
          const plane = (n * channels + cStart + c) * H * W;
          for (let y = 0; y < Ho; y++) {
            const iy = y * sh - ph + i * dh;
            if (iy < 0 || iy >= H) continue;
            const src = row + (n * Ho + y) * Wo, dst = plane + iy * W;
            for (let xo = 0; xo < Wo; xo++) {
              const ix = xo * sw - pw + j * dw;
              if (ix >= 0 && ix < W) dx[dst + ix] = dx[dst + ix]! + cols[src + xo]!;
            }
          }
        }
      }
    }
  }
}

/** See Backend.rowsToNchw. */
export function rowsToNchw(rows: FloatArray, count: number, batch: number, plane: number, channels: number, cStart: number, bias: FloatArray | null, out: FloatArray): void {
  for (let o = 0; o < count; o++) {
    for (let n = 0; n < batch; n++) {
      const src = (o * batch + n) * plane, dst = (n * channels + cStart + o) * plane;
      if (bias === null) out.set(rows.subarray(src, src + plane), dst);
      else for (let i = 0; i < plane; i++) out[dst + i] = rows[src + i]! + bias[cStart + o]!;
    }
  }
}

/** See Backend.nchwToRows. */
export function nchwToRows(x: FloatArray, count: number, batch: number, plane: number, channels: number, cStart: number, rows: FloatArray, sums: FloatArray | null): void {
  for (let o = 0; o < count; o++) {
    let total = 0;
    for (let n = 0; n < batch; n++) {
      const src = (n * channels + cStart + o) * plane, dst = (o * batch + n) * plane;
      rows.set(x.subarray(src, src + plane), dst);
      if (sums === null) continue;
      // Four partial sums, as the wasm kernel's two f64x2 accumulators.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
      for (; i + 4 <= plane; i += 4) { s0 += x[src + i]!; s1 += x[src + i + 1]!; s2 += x[src + i + 2]!; s3 += x[src + i + 3]!; }
      if (i < plane) s0 += x[src + i++]!;
      if (i < plane) s1 += x[src + i++]!;
      if (i < plane) s2 += x[src + i++]!;
      total += (s0 + s1) + (s2 + s3);
    }
    if (sums !== null) sums[o] = total;
  }
}

/** Max pooling over [planes, H, W]; `argmax` records the flat input index (within its plane) of each max. */
export function maxPool2d(x: FloatArray, g: Pool2dGeometry, out: FloatArray, argmax: Int32Array): void {
  const { planes, height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo } = g;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let y = 0; y < Ho; y++) {
      for (let xo = 0; xo < Wo; xo++) {
        let best = -Infinity, at = -1;
        for (let i = 0; i < kh; i++) {
          const iy = y * sh - ph + i * dh;
          if (iy < 0 || iy >= H) continue;
          for (let j = 0; j < kw; j++) {
            const ix = xo * sw - pw + j * dw;
            if (ix < 0 || ix >= W) continue;
            const v = x[base + iy * W + ix]!;
            if (v > best || v !== v || at < 0) { best = v; at = iy * W + ix; if (v !== v) break; }
          }
        }
        const o = (p * Ho + y) * Wo + xo;
        out[o] = best;
        argmax[o] = at;
      }
    }
  }
}

export function maxPool2dBackward(grad: FloatArray, g: Pool2dGeometry, argmax: Int32Array, dx: FloatArray): void {
  const { planes, height: H, width: W, outHeight: Ho, outWidth: Wo } = g;
  dx.fill(0, 0, planes * H * W);
  for (let p = 0; p < planes; p++) {
    for (let o = 0; o < Ho * Wo; o++) {
      const at = argmax[p * Ho * Wo + o]!;
      if (at >= 0) dx[p * H * W + at] = dx[p * H * W + at]! + grad[p * Ho * Wo + o]!;
    }
  }
}

/** Average pooling; `divisors[o]` is what each window's sum was divided by (PyTorch's countIncludePad rules). */
export function avgPool2d(x: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number, out: FloatArray): void {
  forEachWindow(g, countIncludePad, divisorOverride, (p, o, y0, y1, x0, x1, div) => {
    let s = 0;
    const base = p * g.height * g.width;
    for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += x[base + iy * g.width + ix]!;
    out[o] = s / div;
  });
}

export function avgPool2dBackward(grad: FloatArray, g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number, dx: FloatArray): void {
  forEachWindow(g, countIncludePad, divisorOverride, (p, o, y0, y1, x0, x1, div) => {
    const v = grad[o]! / div;
    const base = p * g.height * g.width;
    for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) dx[base + iy * g.width + ix] = dx[base + iy * g.width + ix]! + v;
  });
}

/** Windows of an average pool clipped to the input, with PyTorch's divisor (padded size, clipped to input+padding). */
function forEachWindow(g: Pool2dGeometry, countIncludePad: boolean, divisorOverride: number, fn: (p: number, o: number, y0: number, y1: number, x0: number, x1: number, div: number) => void): void {
  const { planes, height: H, width: W, kh, kw, sh, sw, ph, pw, outHeight: Ho, outWidth: Wo } = g;
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < Ho; y++) {
      for (let xo = 0; xo < Wo; xo++) {
        let y0 = y * sh - ph, x0 = xo * sw - pw;
        let y1 = Math.min(y0 + kh, H + ph), x1 = Math.min(x0 + kw, W + pw);
        const poolSize = (y1 - y0) * (x1 - x0);
        y0 = Math.max(y0, 0); x0 = Math.max(x0, 0);
        y1 = Math.min(y1, H); x1 = Math.min(x1, W);
        const div = divisorOverride > 0 ? divisorOverride : countIncludePad ? poolSize : (y1 - y0) * (x1 - x0);
        fn(p, (p * Ho + y) * Wo + xo, y0, y1, x0, x1, div);
      }
    }
  }
}
