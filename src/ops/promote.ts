import type { DType } from "../backend/dtype.js";
import { isFloatingDType } from "../backend/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
const category = (d: DType): number => (d === "bool" ? 0 : d === "int32" ? 1 : 2);

/** PyTorch's promotion between two tensors of rank ≥ 1: the wider type wins. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Result dtype of a binary op, as PyTorch: numbers and 0-d tensors only raise the category
 * (bool < int < float), never the width within a category.
 */
export function resultType(a: Tensor | number, b: Tensor | number): DType {
  const kind = (x: Tensor | number): { dtype: DType; dimensioned: boolean } =>
    typeof x === "number"
      ? { dtype: Number.isInteger(x) ? "int32" : "float32", dimensioned: false }
      : { dtype: x.dtype, dimensioned: x.shape.length > 0 };
  const ka = kind(a), kb = kind(b);
  if (ka.dimensioned === kb.dimensioned) {
    // Two plain numbers that are both integers stay int; tensors promote normally.
    return promoteTypes(ka.dtype, kb.dtype);
  }
  const [dim, scalar] = ka.dimensioned ? [ka, kb] : [kb, ka];
  if (category(scalar.dtype) <= category(dim.dtype)) return dim.dtype;
  return scalar.dtype === "float64" ? "float32" : scalar.dtype === "float32" ? "float32" : "int32";
}

/** The floating type an op like exp or mean computes in: floats keep theirs, the rest use float32. */
export function floatTypeOf(d: DType): DType {
  return isFloatingDType(d) ? d : "float32";
}
