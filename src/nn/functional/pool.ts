import { allocOutput, type Pool2dGeometry } from "../../backend/backend.js";
import type { FloatArray } from "../../backend/dtype.js";
import { getBackend } from "../../backend/registry.js";
import { record } from "../../autograd/node.js";
import { ShapeError, ValueError } from "../../errors.js";
import { contiguous } from "../../ops/core.js";
import { mean } from "../../ops/reduce.js";
import { cat } from "../../ops/join.js";
import { narrow } from "../../ops/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { fmtShape } from "../../util/shape.js";
import { outSize, pair, type Pair } from "./conv.js";

export interface Pool2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

function geometry(x: Tensor, kernel: Pair, options: Pool2dOptions, where: string): Pool2dGeometry {
  if (x.shape.length !== 3 && x.shape.length !== 4) throw new ShapeError({ where, expected: "input of shape [N, C, H, W] or [C, H, W]", got: fmtShape(x.shape) });
  const [kh, kw] = pair(kernel, "kernelSize", where, 1);
  const [sh, sw] = pair(options.stride ?? kernel, "stride", where, 1);
  const [ph, pw] = pair(options.padding ?? 0, "padding", where, 0);
  const [dh, dw] = pair(options.dilation ?? 1, "dilation", where, 1);
  if (ph > kh / 2 || pw > kw / 2) throw new ValueError({ where, expected: "padding at most half the kernel size", got: `padding ${ph}×${pw} for kernel ${kh}×${kw}` });
  const H = x.shape[x.shape.length - 2]!, W = x.shape[x.shape.length - 1]!;
  const Ho = outSize(H, kh, sh, ph, dh, options.ceilMode), Wo = outSize(W, kw, sw, pw, dw, options.ceilMode);
  if (!(Ho > 0 && Wo > 0)) throw new ShapeError({ where, expected: `an input of at least ${kh}×${kw} pixels`, got: `${H}×${W} (input shape ${fmtShape(x.shape)})`, hint: "the feature map is already smaller than the pooling window; remove a pooling layer or pad the input." });
  return { planes: x.numel() / (H * W), height: H, width: W, kh, kw, sh, sw, ph, pw, dh, dw, outHeight: Ho, outWidth: Wo };
}

function outShape(x: Tensor, g: Pool2dGeometry): number[] {
  return [...x.shape.slice(0, -2), g.outHeight, g.outWidth];
}

/** Max over each window; the gradient goes to the (first) max of each window. */
export function maxPool2d(x: Tensor, kernelSize: Pair, options: Pool2dOptions = {}, where = "maxPool2d"): Tensor {
  const g = geometry(x, kernelSize, options, where);
  const xc = contiguous(x);
  const out = Tensor.uninitialized(outShape(x, g), x.dtype);
  const backend = getBackend();
  // From the backend, so its kernels use the indices in place.
  const argmax = allocOutput(backend, "int32", out.numel()) as Int32Array;
  backend.maxPool2d((xc.storage.data as FloatArray).subarray(xc.offset), g, out.storage.data as FloatArray, argmax);
  return record("MaxPool2DWithIndicesBackward0", [xc], out, (grad) => {
    const gc = contiguous(grad);
    const dx = Tensor.uninitialized(xc.shape, x.dtype);
    backend.maxPool2dBackward((gc.storage.data as FloatArray).subarray(gc.offset), g, argmax, dx.storage.data as FloatArray);
    return [dx];
  }, { extraBytes: argmax.byteLength });
}

export interface AvgPool2dOptions extends Pool2dOptions {
  countIncludePad?: boolean;
  divisorOverride?: number;
}

export function avgPool2d(x: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}, where = "avgPool2d"): Tensor {
  const g = geometry(x, kernelSize, { ...options, dilation: 1 }, where);
  const include = options.countIncludePad ?? true, divisor = options.divisorOverride ?? 0;
  const xc = contiguous(x);
  const out = Tensor.uninitialized(outShape(x, g), x.dtype);
  const backend = getBackend();
  backend.avgPool2d((xc.storage.data as FloatArray).subarray(xc.offset), g, include, divisor, out.storage.data as FloatArray);
  return record("AvgPool2DBackward0", [xc], out, (grad) => {
    const gc = contiguous(grad);
    const dx = Tensor.empty(xc.shape, x.dtype);
    backend.avgPool2dBackward((gc.storage.data as FloatArray).subarray(gc.offset), g, include, divisor, dx.storage.data as FloatArray);
    return [dx];
  });
}

/** Averages over adaptive windows: output cell i spans [⌊i·H/Ho⌋, ⌈(i+1)·H/Ho⌉), as PyTorch. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  const where = "adaptiveAvgPool2d";
  if (x.shape.length !== 3 && x.shape.length !== 4) throw new ShapeError({ where, expected: "input of shape [N, C, H, W] or [C, H, W]", got: fmtShape(x.shape) });
  const [Ho, Wo] = pair(outputSize, "outputSize", where, 1);
  const H = x.shape[x.shape.length - 2]!, W = x.shape[x.shape.length - 1]!;
  const hd = x.shape.length - 2, wd = x.shape.length - 1;
  const rows: Tensor[] = [];
  for (let i = 0; i < Ho; i++) {
    const y0 = Math.floor((i * H) / Ho), y1 = Math.ceil(((i + 1) * H) / Ho);
    const cells: Tensor[] = [];
    for (let j = 0; j < Wo; j++) {
      const x0 = Math.floor((j * W) / Wo), x1 = Math.ceil(((j + 1) * W) / Wo);
      cells.push(mean(narrow(narrow(x, hd, y0, y1 - y0), wd, x0, x1 - x0), [hd, wd], { keepdim: true }));
    }
    rows.push(cat(cells, wd));
  }
  return cat(rows, hd);
}
