import type { DType, TypedArray } from "../backend/dtype.js";
import { allocArray, dtypeOfArray, isFloatingDType } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { DTypeError, ValueError } from "../errors.js";
import { type Generator, getDefaultGenerator } from "../random/generator.js";
import { checkShape, fmtShape, numelOf } from "../util/shape.js";
import { Tensor } from "./tensor.js";

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

/** Nested arrays of numbers or booleans, or a flat typed array. */
export type TensorData = number | boolean | TypedArray | Uint8ClampedArray | readonly TensorData[];

function finish(t: Tensor, options: CreateOptions, where: string): Tensor {
  if (options.requiresGrad === true) {
    if (!isFloatingDType(t.dtype)) {
      throw new DTypeError({ where, expected: "a floating-point dtype for a tensor that requires grad", got: `dtype ${t.dtype}`, hint: "only float32 and float64 tensors can require gradients." });
    }
    t.requiresGrad = true;
  }
  return t;
}

function inferShape(data: TensorData, where: string): number[] {
  const shape: number[] = [];
  let cur: TensorData = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as TensorData;
  }
  if (ArrayBuffer.isView(cur)) shape.push((cur as TypedArray).length);
  void where;
  return shape;
}

/** Writes nested data into `out` in row-major order, checking every row against `shape`. */
function flattenInto(data: TensorData, shape: readonly number[], depth: number, out: TypedArray, at: { i: number }, where: string): void {
  if (depth === shape.length) {
    if (typeof data === "number") out[at.i++] = data;
    else if (typeof data === "boolean") out[at.i++] = data ? 1 : 0;
    else throw new ValueError({ where, expected: "numbers or booleans at the innermost level", got: describe(data) });
    return;
  }
  const rowLength = Array.isArray(data) || ArrayBuffer.isView(data) ? (data as ArrayLike<unknown>).length : -1;
  if (rowLength !== shape[depth]) {
    throw new ValueError({ where, expected: `a rectangular nested array of shape ${fmtShape(shape)}`, got: `a row of length ${rowLength < 0 ? describe(data) : rowLength} at depth ${depth}` });
  }
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    for (let j = 0; j < arr.length; j++) out[at.i++] = arr[j]!;
    return;
  }
  for (const item of data as readonly TensorData[]) flattenInto(item, shape, depth + 1, out, at, where);
}

function describe(v: unknown): string {
  return Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

function containsBoolean(data: TensorData): boolean {
  let cur: TensorData = data;
  while (Array.isArray(cur) && cur.length > 0) cur = cur[0] as TensorData;
  return typeof cur === "boolean";
}

/**
 * A tensor from nested arrays or a typed array. Plain numbers give float32 (JavaScript has one
 * number type, so there is no int literal to infer from); booleans give bool; a typed array keeps
 * its type (Uint8Array and Uint8ClampedArray become float32 values, e.g. pixels).
 */
export function tensor(data: TensorData, options: CreateOptions = {}): Tensor {
  const where = "tensor";
  let dtype: DType;
  if (options.dtype !== undefined) dtype = options.dtype;
  else if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array) dtype = dtypeOfArray(data);
  else dtype = containsBoolean(data) ? "bool" : "float32";
  const shape = inferShape(data, where);
  const out = allocArray(dtype, numelOf(shape));
  if (dtype === "bool") {
    const tmp = new Float64Array(out.length);
    flattenInto(data, shape, 0, tmp, { i: 0 }, where);
    for (let i = 0; i < tmp.length; i++) out[i] = tmp[i] !== 0 ? 1 : 0;
  } else {
    flattenInto(data, shape, 0, out, { i: 0 }, where);
  }
  return finish(Tensor.fromArray(out, shape, dtype), options, where);
}

/** Accepts `f(2, 3)`, `f([2, 3])`, each optionally followed by options. */
export type SizeArgs<O> = [readonly number[], O?] | [...number[]] | [...number[], O];

export function parseSizeArgs<O extends object>(args: readonly unknown[], where: string): { shape: number[]; options: O } {
  let options = {} as O;
  let rest = [...args];
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === "object" && !Array.isArray(last)) {
    options = last as O;
    rest = rest.slice(0, -1);
  }
  const sizes = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as number[]) : (rest as number[]);
  return { shape: checkShape(sizes, where), options };
}

export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const s = checkShape(shape, "full");
  const dtype = options.dtype ?? (typeof value === "boolean" ? "bool" : "float32");
  const t = Tensor.empty(s, dtype);
  getBackend().fill(t.storage.data, dtype === "bool" ? (value ? 1 : 0) : value, 0, t.numel());
  return finish(t, options, "full");
}

export function zeros(...args: SizeArgs<CreateOptions>): Tensor {
  const { shape, options } = parseSizeArgs<CreateOptions>(args, "zeros");
  return full(shape, 0, options);
}

export function ones(...args: SizeArgs<CreateOptions>): Tensor {
  const { shape, options } = parseSizeArgs<CreateOptions>(args, "ones");
  return full(shape, 1, options);
}

export function zerosLike(t: Tensor, options: CreateOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

export function onesLike(t: Tensor, options: CreateOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

export function fullLike(t: Tensor, value: number, options: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/** [start, end) in steps; `arange(n)` is [0, n). Integers give int32 only when asked: float32 by default. */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  for (const [name, v] of [["start", lo], ["end", hi], ["step", step]] as const) {
    if (!Number.isFinite(v)) throw new ValueError({ where: "arange", expected: `a finite ${name}`, got: String(v) });
  }
  if (step === 0 || (hi - lo) / step < 0) {
    throw new ValueError({ where: "arange", expected: "a step that moves from start toward end", got: `start ${lo}, end ${hi}, step ${step}` });
  }
  const n = Math.ceil((hi - lo) / step);
  const t = Tensor.empty([n], options.dtype ?? "float32");
  for (let i = 0; i < n; i++) t.storage.data[i] = lo + i * step;
  return finish(t, options, "arange");
}

export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  if (!(Number.isInteger(steps) && steps >= 0)) throw new ValueError({ where: "linspace", expected: "a non-negative integer number of steps", got: String(steps) });
  const t = Tensor.empty([steps], options.dtype ?? "float32");
  const h = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the second half backwards from `end` so both ends are exact.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) t.storage.data[i] = i < half ? start + i * h : end - (steps - 1 - i) * h;
  return finish(t, options, "linspace");
}

export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  const t = Tensor.empty(checkShape([n, m], "eye"), options.dtype ?? "float32");
  for (let i = 0; i < Math.min(n, m); i++) t.storage.data[i * m + i] = 1;
  return finish(t, options, "eye");
}

function floatDtype(options: CreateOptions, where: string): DType {
  const dtype = options.dtype ?? "float32";
  if (!isFloatingDType(dtype)) throw new DTypeError({ where, expected: "a floating-point dtype", got: dtype });
  return dtype;
}

/** Uniform samples in [0, 1). */
export function rand(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs<RandomOptions>(args, "rand");
  const t = Tensor.empty(shape, floatDtype(options, "rand"));
  (options.generator ?? getDefaultGenerator()).uniform(t.storage.data as Float32Array | Float64Array, 0, 1);
  return finish(t, options, "rand");
}

/** Standard normal samples. */
export function randn(...args: SizeArgs<RandomOptions>): Tensor {
  const { shape, options } = parseSizeArgs<RandomOptions>(args, "randn");
  const t = Tensor.empty(shape, floatDtype(options, "randn"));
  (options.generator ?? getDefaultGenerator()).normal(t.storage.data as Float32Array | Float64Array, 0, 1);
  return finish(t, options, "randn");
}

/** Integers uniform in [low, high), int32. */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  if (!(Number.isInteger(low) && Number.isInteger(high) && high > low)) {
    throw new ValueError({ where: "randint", expected: "integers low < high", got: `low ${low}, high ${high}` });
  }
  const ints = new Int32Array(numelOf(checkShape(shape, "randint")));
  (options.generator ?? getDefaultGenerator()).randint(ints, low, high);
  const dtype = options.dtype ?? "int32";
  if (dtype === "int32") return Tensor.fromArray(ints, shape, "int32");
  const out = allocArray(dtype, ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = dtype === "bool" ? (ints[i] !== 0 ? 1 : 0) : ints[i]!;
  return finish(Tensor.fromArray(out, shape, dtype), options, "randint");
}

/** A random permutation of 0 … n−1, int32. */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  if (!(Number.isInteger(n) && n >= 0)) throw new ValueError({ where: "randperm", expected: "a non-negative integer n", got: String(n) });
  return Tensor.fromArray((options.generator ?? getDefaultGenerator()).randperm(n), [n], "int32");
}

export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return rand(t.shape, { dtype: isFloatingDType(t.dtype) ? t.dtype : "float32", ...options });
}

export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return randn(t.shape, { dtype: isFloatingDType(t.dtype) ? t.dtype : "float32", ...options });
}
