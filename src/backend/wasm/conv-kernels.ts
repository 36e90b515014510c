import type { Backend, Conv2dGeometry, Pool2dGeometry } from "../backend.js";
import { jsBackend } from "../js/js-backend.js";
import type { HelperKernel } from "./kernel-threads.js";
import type { KernelExports } from "./instance.js";
import type { Staging } from "./staging.js";

/** What the convolution and pooling kernels need from the wasm backend. */
export interface KernelRunner {
  readonly exports: KernelExports;
  readonly stage: Staging;
  /** Threads for a call that moves `elements` elements (1 when small or without helpers). */
  threads(elements: number): number;
  /** Runs parts[1..] on helpers and parts[0] here (see KernelThreads.run). */
  run(kernel: HelperKernel, parts: number, argsFor: (k: number) => number[], runHere: (args: number[]) => void): void;
}

type ConvMethods = Pick<Backend, "im2col" | "col2im" | "rowsToNchw" | "nchwToRows" | "maxPool2d" | "maxPool2dBackward" | "avgPool2d" | "avgPool2dBackward">;

/** [0, total) in `parts` contiguous ranges as even as integers allow (empty ones dropped). */
export function splitRange(total: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < parts; p++) {
    const from = Math.round((total * p) / parts), to = Math.round((total * (p + 1)) / parts);
    if (to > from) out.push([from, to]);
  }
  return out;
}

const f32 = (a: unknown): a is Float32Array => a instanceof Float32Array;

/** A convolution's geometry block as the kernels read it (kernels/assembly/conv.ts). */
export function convGeometryWords(g: Conv2dGeometry, cStart: number, cCount: number): number[] {
  return [g.batch, g.channels, g.height, g.width, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.outHeight, g.outWidth, cStart, cCount];
}

/**
 * im2col, col2im, the NCHW reorders and pooling in WebAssembly; float64 goes to the JS reference.
 * Results are bit-identical to it (the kernels copy, add in the same order, and compare as it does),
 * on one thread or split: im2col by patch rows, col2im by channel, rows → NCHW by image, NCHW → rows
 * by channel (its bias sums add over images in order), pooling by plane.
 */
export function convKernels(r: KernelRunner): ConvMethods {
  const { exports: k, stage } = r;

  /** Runs `kernel(...fixed, from, to)` over [0, total), split over threads when `elements` is large. */
  function split(kernel: HelperKernel & keyof KernelExports, fixed: number[], total: number, elements: number): void {
    const fn = k[kernel] as (...args: number[]) => void;
    const ranges = splitRange(total, Math.min(r.threads(elements), total));
    const runHere = (args: number[]): void => fn(...args);
    const argsFor = (i: number): number[] => [...fixed, ...ranges[i]!];
    if (ranges.length <= 1) runHere([...fixed, 0, total]);
    else r.run(kernel, ranges.length, argsFor, runHere);
  }

  const convBlock = (g: Conv2dGeometry, cStart: number, cCount: number): number => stage.words(convGeometryWords(g, cStart, cCount));
  const poolBlock = (g: Pool2dGeometry): number =>
    stage.words([g.planes, g.height, g.width, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.outHeight, g.outWidth]);
  /** An Int32Array as u32 (staging copies 32-bit words; residency is the buffer's, unchanged). */
  const words = (a: Int32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

  return {
    im2col(x, g, cStart, cCount, out) {
      const rows = cCount * g.kh * g.kw, cols = g.batch * g.outHeight * g.outWidth;
      if (!(f32(x) && f32(out)) || rows * cols === 0) return jsBackend.im2col(x, g, cStart, cCount, out);
      stage.run(() => {
        const geo = convBlock(g, cStart, cCount);
        const xp = stage.input(x, 0, g.batch * g.channels * g.height * g.width), op = stage.output(out, 0, rows * cols, false);
        split("im2colF32", [geo, xp, op], rows, rows * cols);
      });
    },

    col2im(cols, g, cStart, cCount, dx) {
      const n = g.batch * g.channels * g.height * g.width;
      if (!(f32(cols) && f32(dx)) || n === 0 || cCount === 0) return jsBackend.col2im(cols, g, cStart, cCount, dx);
      stage.run(() => {
        const geo = convBlock(g, cStart, cCount);
        const m = cCount * g.kh * g.kw * g.batch * g.outHeight * g.outWidth;
        const cp = stage.input(cols, 0, m), dp = stage.output(dx, 0, n, true);
        split("col2imF32", [geo, cp, dp], cCount, m);
      });
    },

    rowsToNchw(rows, count, batch, plane, channels, cStart, bias, out) {
      const m = count * batch * plane;
      if (!(f32(rows) && f32(out) && (bias === null || f32(bias))) || m === 0) return jsBackend.rowsToNchw(rows, count, batch, plane, channels, cStart, bias, out);
      stage.run(() => {
        const rp = stage.input(rows, 0, m), bp = bias === null ? 0 : stage.input(bias, 0, channels);
        // Other channels' values must survive the copy back: load out when it is only partly written.
        const op = stage.output(out, 0, batch * channels * plane, count !== channels);
        split("rowsToNchwF32", [rp, batch, plane, channels, cStart, bp, op, 0, count], batch, m);
      });
    },

    nchwToRows(x, count, batch, plane, channels, cStart, rows, sums) {
      const m = count * batch * plane;
      if (!(f32(x) && f32(rows) && (sums === null || f32(sums))) || m === 0) return jsBackend.nchwToRows(x, count, batch, plane, channels, cStart, rows, sums);
      stage.run(() => {
        const xp = stage.input(x, 0, batch * channels * plane), rp = stage.output(rows, 0, m, false);
        const sp = sums === null ? 0 : stage.output(sums, 0, count, false);
        split("nchwToRowsF32", [xp, batch, plane, channels, cStart, rp, sp], count, m);
      });
    },

    maxPool2d(x, g, out, argmax) {
      const n = g.planes * g.height * g.width, m = g.planes * g.outHeight * g.outWidth;
      if (!(f32(x) && f32(out)) || m === 0) return jsBackend.maxPool2d(x, g, out, argmax);
      stage.run(() => {
        const geo = poolBlock(g);
        const xp = stage.input(x, 0, n), op = stage.output(out, 0, m, false), ap = stage.output(words(argmax), 0, m, false);
        split("maxPool2dF32", [geo, xp, op, ap], g.planes, n);
      });
    },

    maxPool2dBackward(grad, g, argmax, dx) {
      const n = g.planes * g.height * g.width, m = g.planes * g.outHeight * g.outWidth;
      if (!(f32(grad) && f32(dx)) || m === 0) return jsBackend.maxPool2dBackward(grad, g, argmax, dx);
      stage.run(() => {
        const geo = poolBlock(g);
        const gp = stage.input(grad, 0, m), ap = stage.input(words(argmax), 0, m), dp = stage.output(dx, 0, n, false);
        split("maxPool2dBackwardF32", [geo, gp, ap, dp], g.planes, n);
      });
    },

    avgPool2d(x, g, countIncludePad, divisorOverride, out) {
      const n = g.planes * g.height * g.width, m = g.planes * g.outHeight * g.outWidth;
      if (!(f32(x) && f32(out)) || m === 0) return jsBackend.avgPool2d(x, g, countIncludePad, divisorOverride, out);
      stage.run(() => {
        const geo = poolBlock(g);
        const xp = stage.input(x, 0, n), op = stage.output(out, 0, m, false);
        split("avgPool2dF32", [geo, xp, op, countIncludePad ? 1 : 0, divisorOverride], g.planes, n);
      });
    },

    avgPool2dBackward(grad, g, countIncludePad, divisorOverride, dx) {
      const n = g.planes * g.height * g.width, m = g.planes * g.outHeight * g.outWidth;
      if (!(f32(grad) && f32(dx)) || m === 0) return jsBackend.avgPool2dBackward(grad, g, countIncludePad, divisorOverride, dx);
      stage.run(() => {
        const geo = poolBlock(g);
        const gp = stage.input(grad, 0, m), dp = stage.output(dx, 0, n, true);
        split("avgPool2dBackwardF32", [geo, gp, dp, countIncludePad ? 1 : 0, divisorOverride], g.planes, n);
      });
    },
  };
}
