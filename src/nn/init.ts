import type { FloatArray } from "../backend/dtype.js";
import { isFloatingDType } from "../backend/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { type Generator, getDefaultGenerator } from "../random/generator.js";
import type { Tensor } from "../tensor/tensor.js";
import { fmtShape } from "../util/shape.js";

/**
 * Weight initialisers, as torch.nn.init. Each fills the tensor in place (no graph) and returns it.
 * Parameters are contiguous, so the storage is filled directly.
 */

export type Nonlinearity = "linear" | "conv1d" | "conv2d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "sigmoid": return 1;
    case "tanh": return 5 / 3;
    case "relu": return Math.SQRT2;
    case "leaky_relu": { const slope = param ?? 0.01; return Math.sqrt(2 / (1 + slope * slope)); }
    case "selu": return 3 / 4;
    default: throw new ValueError({ where: "calculateGain", expected: "a known nonlinearity", got: `"${String(nonlinearity)}"` });
  }
}

/** fan_in and fan_out of a weight of shape [out, in, …kernel]. */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.shape.length < 2) {
    throw new ShapeError({ where: "nn.init", expected: "a tensor of at least 2 dims to compute fan in and fan out", got: `shape ${fmtShape(t.shape)}` });
  }
  let receptive = 1;
  for (const d of t.shape.slice(2)) receptive *= d;
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

function target(t: Tensor, where: string): FloatArray {
  if (!isFloatingDType(t.dtype)) throw new DTypeError({ where, expected: "a floating-point tensor", got: `dtype ${t.dtype}` });
  if (!t.isContiguous()) throw new ShapeError({ where, expected: "a contiguous tensor", got: `a strided view of shape ${fmtShape(t.shape)}` });
  t.storage.version++;
  return (t.storage.data as FloatArray).subarray(t.offset, t.offset + t.numel());
}

export interface InitOptions {
  generator?: Generator;
}

export function uniform_(t: Tensor, options: InitOptions & { a?: number; b?: number } = {}): Tensor {
  (options.generator ?? getDefaultGenerator()).uniform(target(t, "uniform_"), options.a ?? 0, options.b ?? 1);
  return t;
}

export function normal_(t: Tensor, options: InitOptions & { mean?: number; std?: number } = {}): Tensor {
  (options.generator ?? getDefaultGenerator()).normal(target(t, "normal_"), options.mean ?? 0, options.std ?? 1);
  return t;
}

export function constant_(t: Tensor, value: number): Tensor {
  target(t, "constant_").fill(value);
  return t;
}

export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export interface KaimingOptions extends InitOptions {
  /** The negative slope of the rectifier that follows (leaky_relu). */
  a?: number;
  mode?: "fanIn" | "fanOut";
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const { fanIn, fanOut } = fans(t);
  const fan = (options.mode ?? "fanIn") === "fanIn" ? fanIn : fanOut;
  return calculateGain(options.nonlinearity ?? "leaky_relu", options.a ?? 0) / Math.sqrt(fan);
}

export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, { ...options, a: -bound, b: bound });
}

export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, { ...options, mean: 0, std: kaimingStd(t, options) });
}

export function xavierUniform_(t: Tensor, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  const bound = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, { ...options, a: -bound, b: bound });
}

export function xavierNormal_(t: Tensor, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal_(t, { ...options, mean: 0, std: (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)) });
}

/**
 * PyTorch's default for Linear and Conv: weight kaiming_uniform(a=√5) — that is U(−1/√fanIn, 1/√fanIn) —
 * and bias U(−1/√fanIn, 1/√fanIn).
 */
export function defaultLayerInit(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  const opts = generator === undefined ? {} : { generator };
  kaimingUniform_(weight, { ...opts, a: Math.sqrt(5) });
  if (bias !== null) {
    const bound = 1 / Math.sqrt(fans(weight).fanIn);
    uniform_(bias, { ...opts, a: -bound, b: bound });
  }
}
