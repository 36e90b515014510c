/**
 * Keras' images are channels last ([N, H, W, C]); our conv and pooling ops are channels first
 * ([N, C, H, W]), as PyTorch. The Keras layers keep Keras' layout at their boundary and permute
 * around our ops, so a Keras model's Flatten sees (rows, columns, channels) as in Keras.
 */
import { ShapeError, ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fmtBatchShape, type SampleShape } from "./layer.js";

export type Padding = "valid" | "same";
export type Pair = number | readonly [number, number];

export function runChannelsFirst(x: Tensor, op: (nchw: Tensor) => Tensor): Tensor {
  return op(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1);
}

/** [H, W, C] or a ShapeError naming the layer, with the reshape that fixes flat images. */
export function imageShape(inputShape: SampleShape, where: string): [number, number, number] {
  if (inputShape.length !== 3) {
    const hint = inputShape.length === 1 ? `images stored flat need reshaping first, e.g. x.reshape([-1, 28, 28, 1]) for 28×28 grey images.` : inputShape.length === 2 ? "add the channels axis, e.g. x.reshape([-1, height, width, 1])." : undefined;
    throw new ShapeError({ where, expected: "input of shape [*, height, width, channels] (channels last, as Keras)", got: fmtBatchShape(inputShape), ...(hint === undefined ? {} : { hint }) });
  }
  return inputShape as [number, number, number];
}

export function toPair(v: Pair, name: string, where: string): [number, number] {
  const p: [number, number] = typeof v === "number" ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d > 0)) throw new ValueError({ where, expected: `${name} to be a positive integer or a pair of them`, got: JSON.stringify(v) });
  return p;
}

export function checkPadding(padding: string | undefined, where: string): Padding {
  if (padding === undefined) return "valid";
  if (padding !== "valid" && padding !== "same") throw new ValueError({ where, expected: 'padding "valid" or "same"', got: JSON.stringify(padding) });
  return padding;
}

/**
 * The symmetric padding of one axis for Keras' padding (TensorFlow's rule: "same" pads so the output
 * has ceil(size / stride) positions). Our ops pad both sides equally, so an odd total is refused.
 */
function paddingFor(padding: Padding, size: number, kernel: number, stride: number, where: string): number {
  if (padding === "valid") return 0;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + kernel - size, 0);
  if (total % 2 !== 0) {
    throw new ValueError({ where, expected: 'padding "same" that pads both sides equally (an odd kernel with stride 1 always does)', got: `${total} pixels of padding for size ${size}, kernel ${kernel}, stride ${stride}`, hint: 'use an odd kernel size, or padding "valid".' });
  }
  return total / 2;
}

function outputSize(padding: Padding, size: number, kernel: number, stride: number): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Output [H, W] of a window op over `inputShape` ([H, W, C]), or a ShapeError when the image is smaller than the window. */
export function windowOutput(inputShape: SampleShape, window: [number, number], strides: [number, number], padding: Padding, where: string): [number, number] {
  const [h, w] = imageShape(inputShape, where);
  const out: [number, number] = [outputSize(padding, h, window[0], strides[0]), outputSize(padding, w, window[1], strides[1])];
  if (!(out[0] > 0 && out[1] > 0)) {
    throw new ShapeError({ where, expected: `images of at least ${window.join("×")} pixels for its ${window.join("×")} window`, got: fmtBatchShape(inputShape) });
  }
  return out;
}

/** Our ops' [padH, padW] for Keras' padding over `inputShape` ([H, W, C]). */
export function windowPadding(inputShape: SampleShape, window: [number, number], strides: [number, number], padding: Padding, where: string): [number, number] {
  const [h, w] = imageShape(inputShape, where);
  return [paddingFor(padding, h, window[0], strides[0], where), paddingFor(padding, w, window[1], strides[1], where)];
}
