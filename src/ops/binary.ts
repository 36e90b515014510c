import type { BinaryOp } from "../backend/backend.js";
import type { DType } from "../backend/dtype.js";
import { getBackend } from "../backend/registry.js";
import { record } from "../autograd/node.js";
import { DTypeError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { broadcastShapes, broadcastStrides } from "../util/shape.js";
import { asTensor, cast, sumToShape } from "./core.js";
import { floatTypeOf, resultType } from "./promote.js";
import { log, neg } from "./unary.js";

/** Runs a binary kernel over the broadcast of a and b into a new contiguous tensor (no graph). */
export function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor, outDtype: DType, where: string): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, where);
  const out = Tensor.uninitialized(shape, outDtype);
  getBackend().binary(
    op,
    a.storage.data, a.offset, broadcastStrides(a.shape, a.strides, shape),
    b.storage.data, b.offset, broadcastStrides(b.shape, b.strides, shape),
    out.storage.data, shape,
  );
  return out;
}

type Operand = Tensor | number;

/** Both operands as tensors of the op's compute dtype (numbers become 0-d tensors; casts keep the graph). */
function operands(a: Operand, b: Operand, dtype: DType): [Tensor, Tensor] {
  const ta = asTensor(a, dtype), tb = asTensor(b, dtype);
  return [ta.dtype === dtype ? ta : cast(ta, dtype), tb.dtype === dtype ? tb : cast(tb, dtype)];
}

export function add(a: Operand, b: Operand, alpha = 1): Tensor {
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, alpha === 1 ? b : mul(b, alpha), dtype);
  const out = binaryKernel("add", ta, tb, dtype, "add");
  return record("AddBackward0", [ta, tb], out, (g, needs) => [
    needs[0] ? sumToShape(g, ta.shape) : null,
    needs[1] ? sumToShape(g, tb.shape) : null,
  ]);
}

export function sub(a: Operand, b: Operand, alpha = 1): Tensor {
  if (resultType(a, b) === "bool") {
    throw new DTypeError({ where: "sub", expected: "numeric tensors", got: "two bool tensors", hint: "use logicalXor or ne for booleans." });
  }
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, alpha === 1 ? b : mul(b, alpha), dtype);
  const out = binaryKernel("sub", ta, tb, dtype, "sub");
  return record("SubBackward0", [ta, tb], out, (g, needs) => [
    needs[0] ? sumToShape(g, ta.shape) : null,
    needs[1] ? sumToShape(neg(g), tb.shape) : null,
  ]);
}

/** For a·b and a/b: a's gradient reads b, and b's reads a (and b); save only what will be read. */
function savedFor(a: Tensor, b: Tensor): Tensor[] {
  return b.requiresGrad ? [a, b] : [b];
}

export function mul(a: Operand, b: Operand): Tensor {
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, b, dtype);
  const out = binaryKernel(dtype === "bool" ? "logicalAnd" : "mul", ta, tb, dtype, "mul");
  return record("MulBackward0", [ta, tb], out, (g, needs) => [
    needs[0] ? sumToShape(mul(g, tb), ta.shape) : null,
    needs[1] ? sumToShape(mul(g, ta), tb.shape) : null,
  ], { saved: savedFor(ta, tb) });
}

export type RoundingMode = "floor" | "trunc";

/** True division (ints give float32), or rounded division with `roundingMode`, as torch.div. */
export function div(a: Operand, b: Operand, options: { roundingMode?: RoundingMode } = {}): Tensor {
  const promoted = resultType(a, b);
  if (options.roundingMode !== undefined) {
    const dtype = promoted === "bool" ? "int32" : promoted;
    const [ta, tb] = operands(a, b, dtype);
    const op = options.roundingMode === "floor" ? "floorDiv" : "truncDiv";
    // Rounded quotients are piecewise constant: no gradient flows (as PyTorch).
    return binaryKernel(op, ta, tb, dtype, "div");
  }
  const dtype = floatTypeOf(promoted);
  const [ta, tb] = operands(a, b, dtype);
  const out = binaryKernel("div", ta, tb, dtype, "div");
  return record("DivBackward0", [ta, tb], out, (g, needs) => [
    needs[0] ? sumToShape(div(g, tb), ta.shape) : null,
    needs[1] ? sumToShape(neg(div(mul(g, ta), mul(tb, tb))), tb.shape) : null,
  ], { saved: savedFor(ta, tb) });
}

/** Python's modulo (the sign follows the divisor), as torch.remainder. */
export function remainder(a: Operand, b: Operand): Tensor {
  const promoted = resultType(a, b);
  const dtype = promoted === "bool" ? "int32" : promoted;
  const [ta, tb] = operands(a, b, dtype);
  const out = binaryKernel("remainder", ta, tb, dtype, "remainder");
  return record("RemainderBackward0", [ta, tb], out, (g, needs) => [
    needs[0] ? sumToShape(g, ta.shape) : null,
    needs[1] ? sumToShape(mul(neg(g), div(ta, tb, { roundingMode: "floor" })), tb.shape) : null,
  ], { saved: [ta, tb] });
}

export function pow(a: Operand, b: Operand): Tensor {
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, b, dtype === "bool" ? "int32" : dtype);
  const out = binaryKernel("pow", ta, tb, ta.dtype, "pow");
  return record("PowBackward1", [ta, tb], out, (g, needs) => [
    // d/da a^b = b·a^(b−1)
    needs[0] ? sumToShape(mul(g, mul(tb, pow(ta, sub(tb, 1)))), ta.shape) : null,
    // d/db a^b = a^b·ln a, taken as 0 where a = 0 and b ≥ 0 (PyTorch's convention)
    needs[1] ? sumToShape(mul(g, whereZeroBase(ta, tb, mul(out, log(ta)))), tb.shape) : null,
  ], { saved: [ta, tb, out] });
}

function whereZeroBase(base: Tensor, exponent: Tensor, value: Tensor): Tensor {
  const zeroBase = binaryKernel("eq", base, asTensor(0, base.dtype), "bool", "pow");
  const nonNegExp = binaryKernel("ge", exponent, asTensor(0, exponent.dtype), "bool", "pow");
  const mask = binaryKernel("logicalAnd", zeroBase, nonNegExp, "bool", "pow");
  return whereKernel(mask, asTensor(0, value.dtype), value);
}

function extremum(kind: "maximum" | "minimum", a: Tensor, b: Tensor): Tensor {
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, b, dtype);
  const out = binaryKernel(kind, ta, tb, dtype, kind);
  return record(kind === "maximum" ? "MaximumBackward0" : "MinimumBackward0", [ta, tb], out, (g, needs) => {
    // The winner takes the gradient; ties split it evenly (as PyTorch).
    const aWins = binaryKernel(kind === "maximum" ? "gt" : "lt", ta, tb, "bool", kind);
    const tie = binaryKernel("eq", ta, tb, "bool", kind);
    const half = mul(g, 0.5);
    const zero = asTensor(0, g.dtype);
    const ga = whereKernel(aWins, g, whereKernel(tie, half, zero));
    const gb = whereKernel(aWins, zero, whereKernel(tie, half, g));
    return [needs[0] ? sumToShape(ga, ta.shape) : null, needs[1] ? sumToShape(gb, tb.shape) : null];
  }, { saved: [ta, tb] });
}

export function maximum(a: Tensor, b: Tensor): Tensor {
  return extremum("maximum", a, b);
}

export function minimum(a: Tensor, b: Tensor): Tensor {
  return extremum("minimum", a, b);
}

/** cond ? a : b with broadcasting (no graph; internal). */
export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, "where"), b.shape, "where");
  const dtype = resultType(a, b);
  const ta = a.dtype === dtype ? a : cast(a, dtype), tb = b.dtype === dtype ? b : cast(b, dtype);
  const out = Tensor.uninitialized(shape, dtype);
  getBackend().where(
    cond.storage.data as Uint8Array, cond.offset, broadcastStrides(cond.shape, cond.strides, shape),
    ta.storage.data, ta.offset, broadcastStrides(ta.shape, ta.strides, shape),
    tb.storage.data, tb.offset, broadcastStrides(tb.shape, tb.strides, shape),
    out.storage.data, shape,
  );
  return out;
}

/** torch.where(cond, a, b): differentiable in a and b. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== "bool") {
    throw new DTypeError({ where: "where", expected: "a bool condition", got: `dtype ${cond.dtype}`, hint: "build the condition with a comparison such as x.gt(0)." });
  }
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, b, dtype);
  const out = whereKernel(cond, ta, tb);
  return record("WhereBackward0", [ta, tb], out, (g, needs) => {
    const zero = asTensor(0, g.dtype);
    return [
      needs[0] ? sumToShape(whereKernel(cond, g, zero), ta.shape) : null,
      needs[1] ? sumToShape(whereKernel(cond, zero, g), tb.shape) : null,
    ];
  });
}

export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

/** Elementwise comparison → bool tensor (no gradient). */
export function compare(op: CompareOp, a: Operand, b: Operand): Tensor {
  const dtype = resultType(a, b);
  const [ta, tb] = operands(a, b, dtype);
  return binaryKernel(op, ta, tb, "bool", op);
}

export function logical(op: "logicalAnd" | "logicalOr", a: Tensor, b: Tensor): Tensor {
  return binaryKernel(op, a, b, "bool", op);
}
