/** Element types. float64 exists for reference checks (finite differences, golden values). */
export type DType = "float32" | "float64" | "int32" | "bool";

export type FloatArray = Float32Array | Float64Array;
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export function isFloatingDType(dtype: DType): dtype is "float32" | "float64" {
  return dtype === "float32" || dtype === "float64";
}

/** A zero-filled JS typed array, owned by the JS heap. */
export function newArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

let allocator: (dtype: DType, n: number) => TypedArray = newArray;

/**
 * A zero-filled array for tensor storage, from the active backend (registry.ts installs its
 * `alloc`), so storage lives where that backend's kernels run without copies.
 */
export function allocArray(dtype: DType, n: number): TypedArray {
  return allocator(dtype, n);
}

/** Called by the registry when the active backend changes. */
export function setArrayAllocator(alloc: (dtype: DType, n: number) => TypedArray): void {
  allocator = alloc;
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

/** Bytes per element, as stored. */
export function itemSize(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4;
}
