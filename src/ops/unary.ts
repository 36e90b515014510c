import type { UnaryOp } from "../backend/backend.js";
import type { DType } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { needsGrad, record } from "../autograd/node.js";
import { DTypeError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { binaryKernel, mul, sub, whereKernel, div, add } from "./binary.js";
import { asTensor, cast, contiguous } from "./core.js";
import { floatTypeOf } from "./promote.js";

/** Runs a unary kernel into a new contiguous tensor of `dtype` (no graph). */
export function unaryKernel(op: UnaryOp, x: Tensor, dtype: DType = x.dtype): Tensor {
  const src = contiguous(x);
  const out = Tensor.uninitialized(src.shape, dtype);
  getBackend().unary(op, src.storage.data, src.offset, src.numel(), out.storage.data);
  return out;
}

/** Ops that compute in floating point: ints and bools are promoted to float32 first, as PyTorch. */
function floatUnary(op: UnaryOp, name: string, x: Tensor, backward: (g: Tensor, x: Tensor, out: Tensor) => Tensor, savesInput: boolean): Tensor {
  const input = cast(x, floatTypeOf(x.dtype));
  const out = unaryKernel(op, input);
  return record(name, [input], out, (g) => [backward(g, input, out)], { saved: [savesInput ? input : out] });
}

export const exp = (x: Tensor): Tensor => floatUnary("exp", "ExpBackward0", x, (g, _x, out) => mul(g, out), false);
export const log = (x: Tensor): Tensor => floatUnary("log", "LogBackward0", x, (g, xin) => div(g, xin), true);
export const sqrt = (x: Tensor): Tensor => floatUnary("sqrt", "SqrtBackward0", x, (g, _x, out) => div(g, mul(out, 2)), false);
export const rsqrt = (x: Tensor): Tensor => floatUnary("rsqrt", "RsqrtBackward0", x, (g, _x, out) => mul(g, mul(mul(out, mul(out, out)), -0.5)), false);
export const sigmoid = (x: Tensor): Tensor => floatUnary("sigmoid", "SigmoidBackward0", x, (g, _x, out) => mul(g, mul(out, sub(1, out))), false);
export const tanh = (x: Tensor): Tensor => floatUnary("tanh", "TanhBackward0", x, (g, _x, out) => mul(g, sub(1, mul(out, out))), false);
export const sin = (x: Tensor): Tensor => floatUnary("sin", "SinBackward0", x, (g, xin) => mul(g, cos(xin)), true);
export const cos = (x: Tensor): Tensor => floatUnary("cos", "CosBackward0", x, (g, xin) => mul(g, neg(sin(xin))), true);
export const log1p = (x: Tensor): Tensor => floatUnary("log1p", "Log1PBackward0", x, (g, xin) => div(g, add(xin, 1)), true);
export const expm1 = (x: Tensor): Tensor => floatUnary("expm1", "Expm1Backward0", x, (g, _x, out) => mul(g, add(out, 1)), false);
/** The error function; d/dx erf(x) = 2/√π · e^(−x²). */
export const erf = (x: Tensor): Tensor => floatUnary("erf", "ErfBackward0", x, (g, xin) => mul(g, mul(exp(neg(mul(xin, xin))), 2 / Math.sqrt(Math.PI))), true);
export const reciprocal = (x: Tensor): Tensor => floatUnary("reciprocal", "ReciprocalBackward0", x, (g, _x, out) => mul(neg(g), mul(out, out)), false);

function rejectBool(x: Tensor, where: string): void {
  if (x.dtype === "bool") throw new DTypeError({ where, expected: "a numeric tensor", got: "dtype bool", hint: "use logicalNot for booleans." });
}

export function neg(x: Tensor): Tensor {
  rejectBool(x, "neg");
  const out = unaryKernel("neg", x);
  return record("NegBackward0", [x], out, (g) => [neg(g)]);
}

export function abs(x: Tensor): Tensor {
  rejectBool(x, "abs");
  const out = unaryKernel("abs", x);
  return record("AbsBackward0", [x], out, (g) => [mul(g, unaryKernel("sign", x))], { saved: [x] });
}

export function square(x: Tensor): Tensor {
  const out = unaryKernel("square", x, x.dtype === "bool" ? "int32" : x.dtype);
  return record("PowBackward0", [x], out, (g) => [mul(g, mul(x, 2))], { saved: [x] });
}

export function relu(x: Tensor): Tensor {
  rejectBool(x, "relu");
  const out = unaryKernel("relu", x);
  return record("ReluBackward0", [x], out, (g) => [binaryKernel("reluGrad", g, out, g.dtype, "relu")], { saved: [out] });
}

/** Piecewise-constant ops: the gradient is zero almost everywhere, so none is recorded. */
export function roundingUnary(op: "floor" | "ceil" | "round" | "trunc" | "sign", x: Tensor): Tensor {
  rejectBool(x, op);
  return unaryKernel(op, x);
}

export function logicalNot(x: Tensor): Tensor {
  return unaryKernel("logicalNot", x, "bool");
}

export function isnan(x: Tensor): Tensor {
  return unaryKernel("isnan", x, "bool");
}

/** min(max(x, min), max); the gradient passes where min ≤ x ≤ max (as PyTorch). */
export function clamp(x: Tensor, bounds: { min?: number; max?: number }): Tensor {
  rejectBool(x, "clamp");
  const lo = bounds.min ?? -Infinity, hi = bounds.max ?? Infinity;
  const fractional = (v: number): boolean => Number.isFinite(v) && !Number.isInteger(v);
  const input = x.dtype === "int32" && (fractional(lo) || fractional(hi)) ? cast(x, "float32") : contiguous(x);
  const out = Tensor.uninitialized(x.shape, input.dtype);
  getBackend().clamp(input.storage.data, input.offset, input.numel(), lo, hi, out.storage.data);
  if (!needsGrad([input])) return out;
  // Keep the pass-through mask rather than the input, so clamp_ may overwrite its input.
  const inside = binaryKernel("logicalAnd",
    binaryKernel("ge", input, asTensor(lo, "float64"), "bool", "clamp"),
    binaryKernel("le", input, asTensor(hi, "float64"), "bool", "clamp"), "bool", "clamp");
  return record("ClampBackward1", [input], out, (g) => [whereKernel(inside, g, asTensor(0, g.dtype))], { extraBytes: inside.numel() });
}
