/**
 * Installs the tensor methods. Tensor lives left of autograd and ops in the dependency order, so
 * its behaviour is attached here (declaration merging keeps it fully typed) rather than imported
 * by tensor.ts. Importing the package entry runs this once.
 */
import type { DType } from "../backend/dtype.js";
import { runBackward, type BackwardOptions } from "../autograd/engine.js";
import { isFloatingDType } from "../backend/dtype.js";
import { DTypeError } from "../errors.js";
import { record } from "../autograd/node.js";
import { Tensor } from "../tensor/tensor.js";
import * as B from "./binary.js";
import { cast, contiguous, copyContiguous } from "./core.js";
import { applyInplace, fillInplace } from "./inplace.js";
import { gather, indexSelect } from "./indexing.js";
import { cat, chunk, split, stack } from "./join.js";
import { matmul } from "./matmul.js";
import * as R from "./reduce.js";
import * as S from "./shape.js";
import * as U from "./unary.js";

type Operand = Tensor | number;
type Dims = number | readonly number[];

declare module "../tensor/tensor.js" {
  interface Tensor {
    add(other: Operand, options?: { alpha?: number }): Tensor;
    sub(other: Operand, options?: { alpha?: number }): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand, options?: { roundingMode?: B.RoundingMode }): Tensor;
    remainder(other: Operand): Tensor;
    pow(exponent: Operand): Tensor;
    maximum(other: Tensor): Tensor;
    minimum(other: Tensor): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    expm1(): Tensor;
    erf(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    sign(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    trunc(): Tensor;
    clamp(bounds: { min?: number; max?: number }): Tensor;
    where(condition: Tensor, other: Operand): Tensor;
    eq(other: Operand): Tensor;
    ne(other: Operand): Tensor;
    gt(other: Operand): Tensor;
    ge(other: Operand): Tensor;
    lt(other: Operand): Tensor;
    le(other: Operand): Tensor;
    logicalAnd(other: Tensor): Tensor;
    logicalOr(other: Tensor): Tensor;
    logicalNot(): Tensor;
    isnan(): Tensor;

    sum(dim?: Dims, options?: R.ReduceOptions): Tensor;
    mean(dim?: Dims, options?: R.ReduceOptions): Tensor;
    max(dim?: number, options?: R.ReduceOptions): Tensor;
    min(dim?: number, options?: R.ReduceOptions): Tensor;
    argmax(dim?: number, options?: R.ReduceOptions): Tensor;
    argmin(dim?: number, options?: R.ReduceOptions): Tensor;
    var(dim?: Dims, options?: R.VarianceOptions): Tensor;
    std(dim?: Dims, options?: R.VarianceOptions): Tensor;
    logsumexp(dim?: Dims, options?: R.ReduceOptions): Tensor;

    matmul(other: Tensor): Tensor;

    reshape(...shape: number[] | [readonly number[]]): Tensor;
    view(...shape: number[] | [readonly number[]]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(...dims: number[] | [readonly number[]]): Tensor;
    t(): Tensor;
    unsqueeze(dim: number): Tensor;
    squeeze(dim?: number): Tensor;
    expand(...shape: number[] | [readonly number[]]): Tensor;
    expandAs(other: Tensor): Tensor;
    slice(start: number, end?: number, options?: S.SliceOptions): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    split(sizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    indexSelect(dim: number, index: Tensor): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    contiguous(): Tensor;

    to(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    bool(): Tensor;

    add_(other: Operand, options?: { alpha?: number }): Tensor;
    sub_(other: Operand, options?: { alpha?: number }): Tensor;
    mul_(other: Operand): Tensor;
    div_(other: Operand): Tensor;
    clamp_(bounds: { min?: number; max?: number }): Tensor;
    relu_(): Tensor;
    copy_(source: Tensor): Tensor;
    zero_(): Tensor;
    fill_(value: number): Tensor;

    backward(gradient?: Tensor, options?: BackwardOptions): void;
    detach(): Tensor;
    clone(): Tensor;
    requiresGrad_(requiresGrad?: boolean): Tensor;
  }
}

const sizeList = (args: readonly unknown[]): readonly number[] =>
  args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);

const methods: Partial<Record<keyof Tensor, (this: Tensor, ...args: never[]) => unknown>> = {
  add(this: Tensor, other: Operand, options?: { alpha?: number }) { return B.add(this, other, options?.alpha); },
  sub(this: Tensor, other: Operand, options?: { alpha?: number }) { return B.sub(this, other, options?.alpha); },
  mul(this: Tensor, other: Operand) { return B.mul(this, other); },
  div(this: Tensor, other: Operand, options?: { roundingMode?: B.RoundingMode }) { return B.div(this, other, options); },
  remainder(this: Tensor, other: Operand) { return B.remainder(this, other); },
  pow(this: Tensor, exponent: Operand) { return B.pow(this, exponent); },
  maximum(this: Tensor, other: Tensor) { return B.maximum(this, other); },
  minimum(this: Tensor, other: Tensor) { return B.minimum(this, other); },
  neg(this: Tensor) { return U.neg(this); },
  exp(this: Tensor) { return U.exp(this); },
  log(this: Tensor) { return U.log(this); },
  log1p(this: Tensor) { return U.log1p(this); },
  expm1(this: Tensor) { return U.expm1(this); },
  erf(this: Tensor) { return U.erf(this); },
  sqrt(this: Tensor) { return U.sqrt(this); },
  rsqrt(this: Tensor) { return U.rsqrt(this); },
  abs(this: Tensor) { return U.abs(this); },
  square(this: Tensor) { return U.square(this); },
  reciprocal(this: Tensor) { return U.reciprocal(this); },
  sin(this: Tensor) { return U.sin(this); },
  cos(this: Tensor) { return U.cos(this); },
  tanh(this: Tensor) { return U.tanh(this); },
  sigmoid(this: Tensor) { return U.sigmoid(this); },
  relu(this: Tensor) { return U.relu(this); },
  sign(this: Tensor) { return U.roundingUnary("sign", this); },
  floor(this: Tensor) { return U.roundingUnary("floor", this); },
  ceil(this: Tensor) { return U.roundingUnary("ceil", this); },
  round(this: Tensor) { return U.roundingUnary("round", this); },
  trunc(this: Tensor) { return U.roundingUnary("trunc", this); },
  clamp(this: Tensor, bounds: { min?: number; max?: number }) { return U.clamp(this, bounds); },
  where(this: Tensor, condition: Tensor, other: Operand) { return B.where(condition, this, other); },
  eq(this: Tensor, other: Operand) { return B.compare("eq", this, other); },
  ne(this: Tensor, other: Operand) { return B.compare("ne", this, other); },
  gt(this: Tensor, other: Operand) { return B.compare("gt", this, other); },
  ge(this: Tensor, other: Operand) { return B.compare("ge", this, other); },
  lt(this: Tensor, other: Operand) { return B.compare("lt", this, other); },
  le(this: Tensor, other: Operand) { return B.compare("le", this, other); },
  logicalAnd(this: Tensor, other: Tensor) { return B.logical("logicalAnd", this, other); },
  logicalOr(this: Tensor, other: Tensor) { return B.logical("logicalOr", this, other); },
  logicalNot(this: Tensor) { return U.logicalNot(this); },
  isnan(this: Tensor) { return U.isnan(this); },

  sum(this: Tensor, dim?: Dims, options?: R.ReduceOptions) { return R.sum(this, dim, options); },
  mean(this: Tensor, dim?: Dims, options?: R.ReduceOptions) { return R.mean(this, dim, options); },
  max(this: Tensor, dim?: number, options?: R.ReduceOptions) { return R.max(this, dim, options); },
  min(this: Tensor, dim?: number, options?: R.ReduceOptions) { return R.min(this, dim, options); },
  argmax(this: Tensor, dim?: number, options?: R.ReduceOptions) { return R.argExtreme("argmax", this, dim, options); },
  argmin(this: Tensor, dim?: number, options?: R.ReduceOptions) { return R.argExtreme("argmin", this, dim, options); },
  var(this: Tensor, dim?: Dims, options?: R.VarianceOptions) { return R.variance(this, dim, options); },
  std(this: Tensor, dim?: Dims, options?: R.VarianceOptions) { return R.std(this, dim, options); },
  logsumexp(this: Tensor, dim?: Dims, options?: R.ReduceOptions) { return R.logsumexp(this, dim, options); },

  matmul(this: Tensor, other: Tensor) { return matmul(this, other); },

  reshape(this: Tensor, ...shape: unknown[]) { return S.reshape(this, sizeList(shape)); },
  view(this: Tensor, ...shape: unknown[]) { return S.viewAs(this, sizeList(shape)); },
  flatten(this: Tensor, startDim?: number, endDim?: number) { return S.flatten(this, startDim, endDim); },
  transpose(this: Tensor, dim0: number, dim1: number) { return S.transpose(this, dim0, dim1); },
  permute(this: Tensor, ...dims: unknown[]) { return S.permute(this, sizeList(dims)); },
  t(this: Tensor) { return S.t(this); },
  unsqueeze(this: Tensor, dim: number) { return S.unsqueeze(this, dim); },
  squeeze(this: Tensor, dim?: number) { return S.squeeze(this, dim); },
  expand(this: Tensor, ...shape: unknown[]) { return S.expand(this, sizeList(shape)); },
  expandAs(this: Tensor, other: Tensor) { return S.expand(this, other.shape); },
  slice(this: Tensor, start: number, end?: number, options?: S.SliceOptions) { return S.slice(this, start, end, options); },
  narrow(this: Tensor, dim: number, start: number, length: number) { return S.narrow(this, dim, start, length); },
  select(this: Tensor, dim: number, index: number) { return S.select(this, dim, index); },
  split(this: Tensor, sizeOrSections: number | readonly number[], dim?: number) { return split(this, sizeOrSections, dim); },
  chunk(this: Tensor, chunks: number, dim?: number) { return chunk(this, chunks, dim); },
  indexSelect(this: Tensor, dim: number, index: Tensor) { return indexSelect(this, dim, index); },
  gather(this: Tensor, dim: number, index: Tensor) { return gather(this, dim, index); },
  contiguous(this: Tensor) { return contiguous(this); },

  to(this: Tensor, dtype: DType) { return cast(this, dtype); },
  float(this: Tensor) { return cast(this, "float32"); },
  double(this: Tensor) { return cast(this, "float64"); },
  int(this: Tensor) { return cast(this, "int32"); },
  bool(this: Tensor) { return cast(this, "bool"); },

  add_(this: Tensor, other: Operand, options?: { alpha?: number }) { return applyInplace(this, "add_", (x) => B.add(x, other, options?.alpha)); },
  sub_(this: Tensor, other: Operand, options?: { alpha?: number }) { return applyInplace(this, "sub_", (x) => B.sub(x, other, options?.alpha)); },
  mul_(this: Tensor, other: Operand) { return applyInplace(this, "mul_", (x) => B.mul(x, other)); },
  div_(this: Tensor, other: Operand) { return applyInplace(this, "div_", (x) => B.div(x, other)); },
  clamp_(this: Tensor, bounds: { min?: number; max?: number }) { return applyInplace(this, "clamp_", (x) => U.clamp(x, bounds)); },
  relu_(this: Tensor) { return applyInplace(this, "relu_", (x) => U.relu(x)); },
  copy_(this: Tensor, source: Tensor) { return applyInplace(this, "copy_", () => S.expand(cast(source, this.dtype), this.shape)); },
  zero_(this: Tensor) { return fillInplace(this, 0, "zero_"); },
  fill_(this: Tensor, value: number) { return fillInplace(this, value, "fill_"); },

  backward(this: Tensor, gradient?: Tensor, options?: BackwardOptions) { runBackward(this, gradient, options); },
  detach(this: Tensor) { return new Tensor(this.storage, this.shape, this.strides, this.offset); },
  clone(this: Tensor) {
    const out = copyContiguous(this);
    return record("CloneBackward0", [this], out, (g) => [g]);
  },
  requiresGrad_(this: Tensor, requiresGrad = true) {
    if (requiresGrad && !isFloatingDType(this.dtype)) {
      throw new DTypeError({ where: "requiresGrad_", expected: "a floating-point tensor", got: `dtype ${this.dtype}`, hint: "only float32 and float64 tensors can require gradients." });
    }
    this.requiresGrad = requiresGrad;
    return this;
  },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

export { cat, stack };
