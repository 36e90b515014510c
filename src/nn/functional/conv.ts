import { allocOutput, type Conv2dGeometry } from "../../backend/backend.js";
import type { FloatArray } from "../../backend/dtype.js";
import { isFloatingDType } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { record } from "../../autograd/node.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { contiguous } from "../../ops/core.js";
import { squeeze, unsqueeze } from "../../ops/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { fmtShape } from "../../util/shape.js";

export type Pair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

export function pair(v: Pair, name: string, where: string, min: number): [number, number] {
  const p: [number, number] = typeof v === "number" ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= min)) throw new ValueError({ where, expected: `${name} to be ${min === 0 ? "a non-negative" : "a positive"} integer (or a pair of them)`, got: String(v) });
  return p;
}

export function outSize(size: number, kernel: number, stride: number, pad: number, dilation: number, ceilMode = false): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // With ceil mode the last window must start inside the input or left padding (PyTorch's rule).
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * 2-D convolution (cross-correlation, as PyTorch) of x [N, C, H, W] (or [C, H, W]) with weight
 * [O, C/groups, kh, kw]: one GEMM per group against the batch's patch matrix (im2col).
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}, where = "conv2d"): Tensor {
  if (x.shape.length === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, bias, options, where), 0);
  if (x.shape.length !== 4) {
    const hint = x.shape.length === 2 ? { hint: "a batch of flat vectors needs reshaping to images first, e.g. x.view(-1, 1, 28, 28)." } : {};
    throw new ShapeError({ where, expected: "input of shape [N, C, H, W] (or [C, H, W])", got: fmtShape(x.shape), ...hint });
  }
  if (!isFloatingDType(x.dtype) || x.dtype !== weight.dtype) throw new DTypeError({ where, expected: "floating-point input and weight of the same dtype", got: `${x.dtype} and ${weight.dtype}` });
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, Cg, kh, kw] = weight.shape as [number, number, number, number];
  const groups = options.groups ?? 1;
  if (!(Number.isInteger(groups) && groups > 0 && C % groups === 0 && O % groups === 0)) {
    throw new ValueError({ where, expected: `groups dividing both ${C} input and ${O} output channels`, got: String(groups) });
  }
  if (C / groups !== Cg) {
    throw new ShapeError({ where, expected: `input with ${Cg * groups} channels (weight ${fmtShape(weight.shape)}, groups ${groups}): shape [N, ${Cg * groups}, H, W]`, got: fmtShape(x.shape) });
  }
  const [sh, sw] = pair(options.stride ?? 1, "stride", where, 1);
  const [ph, pw] = pair(options.padding ?? 0, "padding", where, 0);
  const [dh, dw] = pair(options.dilation ?? 1, "dilation", where, 1);
  const Ho = outSize(H, kh, sh, ph, dh), Wo = outSize(W, kw, sw, pw, dw);
  if (!(Ho > 0 && Wo > 0)) {
    throw new ShapeError({ where, expected: `an input of at least ${dh * (kh - 1) + 1 - 2 * ph}×${dw * (kw - 1) + 1 - 2 * pw} pixels for a ${kh}×${kw} kernel`, got: `${H}×${W} (input shape ${fmtShape(x.shape)})` });
  }
  const g: Conv2dGeometry = { batch: N, channels: C, height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo };
  const xc = contiguous(x), wc = contiguous(weight);
  const backend = getBackend();
  const Og = O / groups, K = Cg * kh * kw, P = N * Ho * Wo, HW = Ho * Wo;
  const xData = (xc.storage.data as FloatArray).subarray(xc.offset);
  const wData = (wc.storage.data as FloatArray).subarray(wc.offset);
  const y = allocOutput(backend, x.dtype, Og * P) as FloatArray;
  const out = Tensor.uninitialized([N, O, Ho, Wo], x.dtype);
  const outData = out.storage.data as FloatArray;
  const b = bias === null ? null : (contiguous(bias).dataSync() as FloatArray);
  for (let gi = 0; gi < groups; gi++) {
    // W·P, P the group's patch matrix [K, P] (which the backend may read from x without writing it out).
    backend.gemmPatches(false, Og, wData, gi * Og * K, K, xData, g, gi * Cg, Cg, y, 0, P, false);
    backend.rowsToNchw(y, Og, N, HW, O, gi * Og, b, outData);
  }
  backend.free?.(y);
  const inputs = bias === null ? [xc, wc] : [xc, wc, bias];
  return record("ConvolutionBackward0", inputs, out, (grad, needs) => {
    const gc = contiguous(grad);
    const gData = (gc.storage.data as FloatArray).subarray(gc.offset);
    const dx = needs[0] ? Tensor.empty(xc.shape, x.dtype) : null;
    const dW = needs[1] ? Tensor.uninitialized(wc.shape, x.dtype) : null;
    const dy = allocOutput(backend, x.dtype, Og * P) as FloatArray;
    const dcols = dx === null ? null : (allocOutput(backend, x.dtype, K * P) as FloatArray);
    const db = bias !== null && needs[2] ? Tensor.empty([O], x.dtype) : null;
    const dbData = db === null ? null : (db.storage.data as FloatArray);
    for (let gi = 0; gi < groups; gi++) {
      // NCHW → [Og, N·Ho·Wo], with the bias gradient (the rows' sums) on the way.
      backend.nchwToRows(gData, Og, N, HW, O, gi * Og, dy, dbData === null ? null : dbData.subarray(gi * Og, (gi + 1) * Og));
      if (dW !== null) backend.gemmPatches(true, Og, dy, 0, P, xData, g, gi * Cg, Cg, dW.storage.data as FloatArray, gi * Og * K, K, false);
      if (dx !== null && dcols !== null) {
        backend.gemm(true, false, K, P, Og, wData, gi * Og * K, K, dy, 0, P, dcols, 0, P, false);
        backend.col2im(dcols, g, gi * Cg, Cg, dx.storage.data as FloatArray);
      }
    }
    backend.free?.(dy);
    if (dcols !== null) backend.free?.(dcols);
    return bias === null ? [dx, dW] : [dx, dW, db];
  }, { saved: [xc, wc] });
}

/** 1-D convolution of x [N, C, L] (or [C, L]) with weight [O, C/groups, k], as a 2-D convolution of height 1. */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: { stride?: number; padding?: number; dilation?: number; groups?: number } = {}, where = "conv1d"): Tensor {
  if (x.shape.length === 2) return squeeze(conv1d(unsqueeze(x, 0), weight, bias, options, where), 0);
  if (x.shape.length !== 3) throw new ShapeError({ where, expected: "input of shape [N, C, L] (or [C, L])", got: fmtShape(x.shape) });
  const y = conv2d(unsqueeze(x, 2), unsqueeze(weight, 2), bias, {
    stride: [1, options.stride ?? 1], padding: [0, options.padding ?? 0], dilation: [1, options.dilation ?? 1], groups: options.groups ?? 1,
  }, where);
  return squeeze(y, 2);
}
