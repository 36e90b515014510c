import { describe, test } from "node:test";
import { Generator } from "../../src/index.js";
import type { Conv2dGeometry, Pool2dGeometry } from "../../src/backend/backend.js";
import { assertSameBits, everyBackend, f32On, PLACES } from "../helpers/backends.js";
import { outSize } from "../../src/nn/functional/conv.js";

/**
 * Convolution's data movement (im2col, col2im, the NCHW reorders with bias and bias-gradient sums)
 * and max pooling, on every backend, against references written out here in float64 and rounded to
 * float32 where the kernels round (each accumulation step): results must agree bit for bit. Each
 * runs on arrays from the backend's alloc (wasm: resident, used in place) and on plain JS arrays
 * (wasm: copied in), and in wasm's copy mode.
 */


/** Values in [−3, 3), or with `specials` mostly drawn from zeros of both signs, NaN, ±Infinity and ties. */
function random(n: number, seed: number, specials = false): Float32Array {
  const x = new Generator({ seed }).uniform(new Float32Array(n), -3, 3);
  if (specials) {
    const kinds = [0, -0, NaN, Infinity, -Infinity, 1.5, 1.5, -1];
    // x ∈ [−3, 3) picks a kind, or keeps its value a quarter of the time.
    for (let i = 0; i < n; i++) { const k = Math.floor(((x[i]! + 3) / 6) * 10); if (k < kinds.length) x[i] = kinds[k]!; }
  }
  return x;
}


// [N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, cStart, cCount]: valid, padded, strided+dilated, 1×1, wide padding, a group.
const convCases = [
  [2, 3, 7, 9, 3, 3, 1, 1, 0, 0, 1, 1, 0, 3], [2, 3, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 0, 3], [1, 2, 9, 10, 3, 2, 2, 3, 1, 2, 2, 1, 0, 2],
  [3, 4, 5, 6, 1, 1, 1, 1, 0, 0, 1, 1, 0, 4], [2, 2, 6, 13, 2, 5, 1, 1, 2, 2, 1, 2, 0, 2], [2, 6, 7, 11, 3, 3, 1, 1, 0, 1, 1, 1, 2, 2],
  [3, 2, 28, 28, 3, 3, 1, 1, 0, 0, 1, 1, 0, 2],
] as const;

// For gemmPatches, besides those: a depth over 256 both ways (K blocks), a single input channel (a
// weight gradient of 9 columns, computed transposed), 1×1 outputs (a forward of 2 columns, transposed).
const patchGemmCases = [
  ...convCases, [2, 40, 8, 8, 3, 3, 1, 1, 0, 0, 1, 1, 0, 40], [2, 1, 12, 12, 3, 3, 1, 1, 0, 0, 1, 1, 0, 1], [2, 3, 3, 3, 3, 3, 1, 1, 0, 0, 1, 1, 0, 3],
] as const;

function convGeometry(c: readonly number[]): Conv2dGeometry {
  const [batch, channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw] = c;
  return { batch, channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: outSize(height, kh, sh, ph, dh), outWidth: outSize(width, kw, sw, pw, dw) };
}

/** Visits every patch entry: row (c, i, j), column (n, y, x), and its input index (−1 when in the padding). */
function forEachPatch(g: Conv2dGeometry, cStart: number, cCount: number, fn: (row: number, col: number, input: number) => void): void {
  const { batch, channels, height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo } = g;
  for (let c = 0; c < cCount; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    for (let n = 0; n < batch; n++) for (let y = 0; y < Ho; y++) for (let x = 0; x < Wo; x++) {
      const iy = y * sh - ph + i * dh, ix = x * sw - pw + j * dw;
      const inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
      fn((c * kh + i) * kw + j, (n * Ho + y) * Wo + x, inside ? ((n * channels + cStart + c) * H + iy) * W + ix : -1);
    }
  }
}

describe("convolution kernel conformance on every backend", () => {
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): im2col copies each patch entry (0 in the padding) over a stale output`, () => {
        for (const c of convCases) {
          const g = convGeometry(c), [cStart, cCount] = [c[12], c[13]];
          const rows = cCount * g.kh * g.kw, cols = g.batch * g.outHeight * g.outWidth;
          const x = f32On(backend, place, random(g.batch * g.channels * g.height * g.width, 1, true));
          const out = f32On(backend, place, new Float32Array(rows * cols).fill(7));
          backend.im2col(x, g, cStart, cCount, out);
          const want = new Float64Array(rows * cols);
          forEachPatch(g, cStart, cCount, (row, col, input) => { want[row * cols + col] = input < 0 ? 0 : x[input]!; });
          assertSameBits(out, want, `im2col ${JSON.stringify(c)}`);
        }
      });

      test(`${backend.name} (${place} arrays): col2im adds every entry into dx in patch order, rounding each addition`, () => {
        for (const c of convCases) {
          const g = convGeometry(c), [cStart, cCount] = [c[12], c[13]];
          const cols = cCount * g.kh * g.kw * g.batch * g.outHeight * g.outWidth, n = g.batch * g.channels * g.height * g.width;
          const colsData = f32On(backend, place, random(cols, 2)), start = random(n, 3);
          const dx = f32On(backend, place, start);
          backend.col2im(colsData, g, cStart, cCount, dx);
          const want = Float64Array.from(start);
          const perRow = g.batch * g.outHeight * g.outWidth;
          forEachPatch(g, cStart, cCount, (row, col, input) => { if (input >= 0) want[input] = Math.fround(want[input]! + colsData[row * perRow + col]!); });
          assertSameBits(dx, want, `col2im ${JSON.stringify(c)}`);
        }
      });

      test(`${backend.name} (${place} arrays): gemmPatches equals im2col then gemm, bit for bit (forward W·P and weight gradient dY·Pᵀ)`, () => {
        for (const c of patchGemmCases) {
          const g = convGeometry(c), [cStart, cCount] = [c[12], c[13]];
          const rows = cCount * g.kh * g.kw, cols = g.batch * g.outHeight * g.outWidth;
          const x = f32On(backend, place, random(g.batch * g.channels * g.height * g.width, 4));
          const patches = f32On(backend, place, new Float32Array(rows * cols));
          backend.im2col(x, g, cStart, cCount, patches);
          for (const transP of [false, true]) {
            for (const [M, accumulate] of [[1, false], [6, false], [7, true], [32, false], [64, true]] as const) {
              const [N, K] = transP ? [rows, cols] : [cols, rows], lda = K + 2, ldc = N + (accumulate ? 3 : 0);
              // C has 64 more floats after its last row: a kernel writing past C changes them.
              const A = f32On(backend, place, random(M * lda, 5)), start = random(M * ldc + 64, 6);
              const got = f32On(backend, place, start), want = f32On(backend, place, start);
              backend.gemmPatches(transP, M, A, 0, lda, x, g, cStart, cCount, got, 0, ldc, accumulate);
              backend.gemm(false, transP, M, N, K, A, 0, lda, patches, 0, cols, want, 0, ldc, accumulate);
              assertSameBits(got, want, `gemmPatches ${JSON.stringify(c)} transP=${transP} M=${M} accumulate=${accumulate}`);
            }
          }
        }
      });

      test(`${backend.name} (${place} arrays): rows → NCHW adds the bias (or copies, keeping −0); NCHW → rows copies and sums`, () => {
        // [count, batch, plane, channels, cStart]: whole, odd planes (sum tails 1–3), a channel group, plane 1.
        for (const [count, batch, plane, channels, cStart] of [[4, 3, 16, 4, 0], [3, 2, 121, 3, 0], [2, 3, 7, 5, 2], [5, 2, 6, 5, 0], [3, 4, 1, 6, 3], [2, 2, 9, 2, 0]] as const) {
          const m = count * batch * plane, total = batch * channels * plane;
          const rows = f32On(backend, place, random(m, 4, true)), bias = f32On(backend, place, random(channels, 5));
          for (const withBias of [true, false]) {
            const before = random(total, 6);
            const out = f32On(backend, place, before);
            backend.rowsToNchw(rows, count, batch, plane, channels, cStart, withBias ? bias : null, out);
            const want = Float64Array.from(before);
            for (let o = 0; o < count; o++) for (let n = 0; n < batch; n++) for (let i = 0; i < plane; i++) {
              const v = rows[(o * batch + n) * plane + i]!;
              want[(n * channels + cStart + o) * plane + i] = withBias ? v + bias[cStart + o]! : v;
            }
            assertSameBits(out, want, `rowsToNchw bias=${withBias} ${[count, batch, plane, channels, cStart]}`);
          }
          // Partial sums 0 and 1 of ±2^60 cancel only when added first: the summation order shows in the result.
          const cancelling = random(total, 7).map((v, i) => ((i % plane) % 4 === 0 ? 2 ** 60 : (i % plane) % 4 === 1 ? -(2 ** 60) : v));
          for (const [withSums, xs] of [[true, random(total, 7)], [false, random(total, 7)], [true, cancelling]] as const) {
            const x = f32On(backend, place, xs);
            const back = f32On(backend, place, new Float32Array(m).fill(9)), sums = f32On(backend, place, new Float32Array(count).fill(9));
            backend.nchwToRows(x, count, batch, plane, channels, cStart, back, withSums ? sums : null);
            const want = new Float64Array(m), wantSums = new Float64Array(count).fill(9);
            for (let o = 0; o < count; o++) {
              let t = 0;
              for (let n = 0; n < batch; n++) {
                const s = [0, 0, 0, 0];
                for (let i = 0; i < plane; i++) {
                  const v = x[(n * channels + cStart + o) * plane + i]!;
                  want[(o * batch + n) * plane + i] = v;
                  s[i % 4]! += v;
                }
                t += (s[0]! + s[1]!) + (s[2]! + s[3]!);
              }
              if (withSums) wantSums[o] = t;
            }
            assertSameBits(back, want, `nchwToRows ${[count, batch, plane, channels, cStart]}`);
            assertSameBits(sums, wantSums, `nchwToRows sums=${withSums} ${[count, batch, plane, channels, cStart]}`);
          }
        }
      });
    }
  }
});

// [planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, ceil]: 2×2 (even, odd, wide rows with SIMD and tail), ceil mode, padded 3×3, dilated, mixed.
const poolCases = [
  [3, 8, 8, 2, 2, 2, 2, 0, 0, 1, 1, false], [2, 11, 11, 2, 2, 2, 2, 0, 0, 1, 1, false], [2, 26, 26, 2, 2, 2, 2, 0, 0, 1, 1, false],
  [2, 7, 19, 2, 2, 2, 2, 0, 0, 1, 1, true], [2, 9, 10, 3, 3, 2, 2, 1, 1, 1, 1, false], [2, 10, 12, 3, 2, 1, 2, 1, 1, 2, 1, false],
  [1, 9, 9, 3, 3, 3, 3, 1, 1, 1, 1, true], [64, 12, 12, 2, 2, 2, 2, 0, 0, 1, 1, false],
] as const;

function poolGeometry(c: (typeof poolCases)[number]): Pool2dGeometry {
  const [planes, height, width, kh, kw, sh, sw, ph, pw, dh, dw, ceil] = c;
  return { planes, height, width, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: outSize(height, kh, sh, ph, dh, ceil), outWidth: outSize(width, kw, sw, pw, dw, ceil) };
}

/**
 * The reference's rule: window entries in row-major order; the first is taken, then any greater
 * value or any NaN, and a taken NaN ends its window row.
 */
function maxPoolReference(x: Float32Array, g: Pool2dGeometry): { out: number[]; argmax: number[] } {
  const out: number[] = [], argmax: number[] = [];
  for (let p = 0; p < g.planes; p++) for (let y = 0; y < g.outHeight; y++) for (let xo = 0; xo < g.outWidth; xo++) {
    let best = -Infinity, at = -1;
    for (let i = 0; i < g.kh; i++) {
      const iy = y * g.sh - g.ph + i * g.dh;
      if (iy < 0 || iy >= g.height) continue;
      for (let j = 0; j < g.kw; j++) {
        const ix = xo * g.sw - g.pw + j * g.dw;
        if (ix < 0 || ix >= g.width) continue;
        const v = x[p * g.height * g.width + iy * g.width + ix]!;
        if (at < 0 || v > best || Number.isNaN(v)) { best = v; at = iy * g.width + ix; if (Number.isNaN(v)) break; }
      }
    }
    out.push(best); argmax.push(at);
  }
  return { out, argmax };
}

describe("max pooling kernel conformance on every backend", () => {
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): forward takes the first max, NaN as the reference; backward writes all of dx: the gradients at the argmax, 0 elsewhere`, () => {
        for (const c of poolCases) {
          const g = poolGeometry(c), n = g.planes * g.height * g.width, m = g.planes * g.outHeight * g.outWidth;
          // Dense specials (ties, ±0, NaN, ±Infinity: every order of them within some window), and none.
          for (const specials of [true, false]) {
            const xs = random(n, 8 + n, specials);
            const x = f32On(backend, place, xs), out = f32On(backend, place, new Float32Array(m).fill(7));
            const argmax = place === "alloc" ? (backend.alloc("int32", m) as Int32Array) : new Int32Array(m);
            argmax.fill(-7);
            backend.maxPool2d(x, g, out, argmax);
            const want = maxPoolReference(xs, g);
            assertSameBits(out, want.out, `maxPool2d ${JSON.stringify(c)} specials=${specials}`);
            assertSameBits(argmax, want.argmax, `maxPool2d argmax ${JSON.stringify(c)} specials=${specials}`);
            const grad = f32On(backend, place, random(m, 9)), start = random(n, 10);
            const dx = f32On(backend, place, start);
            backend.maxPool2dBackward(grad, g, argmax, dx);
            // dx held other values before: the backward overwrites every element.
            const wantDx = new Float64Array(n);
            for (let o = 0; o < m; o++) {
              const at = want.argmax[o]!, p = Math.floor(o / (g.outHeight * g.outWidth));
              if (at >= 0) wantDx[p * g.height * g.width + at] = Math.fround(wantDx[p * g.height * g.width + at]! + grad[o]!);
            }
            assertSameBits(dx, wantDx, `maxPool2dBackward ${JSON.stringify(c)} specials=${specials}`);
          }
        }
      });
    }
  }
});

// [planes, H, W, kh, kw, sh, sw, ph, pw, ceil]: plain, overlapping, padded (ceil mode cuts the last windows), wide.
const avgCases = [
  [2, 8, 8, 2, 2, 2, 2, 0, 0, false], [2, 7, 9, 3, 3, 1, 2, 0, 0, false], [2, 9, 10, 3, 3, 2, 2, 1, 1, true],
  [1, 5, 7, 3, 2, 2, 1, 1, 1, false], [3, 6, 6, 2, 3, 3, 2, 1, 1, true],
] as const;

/** PyTorch's divisor: the override, or the window cut to input + padding, or (without countIncludePad) cut to the input. */
function avgWindows(g: Pool2dGeometry, include: boolean, override: number, fn: (p: number, o: number, cells: number[], div: number) => void): void {
  for (let p = 0; p < g.planes; p++) for (let y = 0; y < g.outHeight; y++) for (let x = 0; x < g.outWidth; x++) {
    const cells: number[] = [];
    let padded = 0;
    for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
      const iy = y * g.sh - g.ph + i, ix = x * g.sw - g.pw + j;
      if (iy >= g.height + g.ph || ix >= g.width + g.pw) continue; // past the right/bottom padding: not counted
      padded++;
      if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width) cells.push(iy * g.width + ix);
    }
    fn(p, (p * g.outHeight + y) * g.outWidth + x, cells, override > 0 ? override : include ? padded : cells.length);
  }
}

describe("average pooling kernel conformance on every backend", () => {
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): forward sums in float64 and divides once; backward adds grad/divisor, rounding each addition`, () => {
        for (const c of avgCases) {
          const [planes, height, width, kh, kw, sh, sw, ph, pw, ceil] = c;
          const g: Pool2dGeometry = { planes, height, width, kh, kw, sh, sw, ph, pw, dh: 1, dw: 1, outHeight: outSize(height, kh, sh, ph, 1, ceil), outWidth: outSize(width, kw, sw, pw, 1, ceil) };
          const n = planes * height * width, m = planes * g.outHeight * g.outWidth;
          for (const [include, override] of [[true, 0], [false, 0], [true, 3]] as const) {
            const xs = random(n, 11);
            const x = f32On(backend, place, xs), out = f32On(backend, place, new Float32Array(m).fill(7));
            backend.avgPool2d(x, g, include, override, out);
            const want = new Float64Array(m);
            avgWindows(g, include, override, (p, o, cells, div) => { want[o] = cells.reduce((s, k) => s + xs[p * height * width + k]!, 0) / div; });
            assertSameBits(out, want, `avgPool2d ${JSON.stringify(c)} include=${include} override=${override}`);
            const grad = f32On(backend, place, random(m, 12)), start = random(n, 13);
            const dx = f32On(backend, place, start);
            backend.avgPool2dBackward(grad, g, include, override, dx);
            const wantDx = Float64Array.from(start);
            avgWindows(g, include, override, (p, o, cells, div) => { for (const k of cells) wantDx[p * height * width + k] = Math.fround(wantDx[p * height * width + k]! + grad[o]! / div); });
            assertSameBits(dx, wantDx, `avgPool2dBackward ${JSON.stringify(c)} include=${include} override=${override}`);
          }
        }
      });
    }
  }
});
