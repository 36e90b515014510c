/**
 * Walking N-d strided operands row by row. Kernels call `forEachRow` with the output shape and the
 * strides of each operand (0 where broadcast); it merges dimensions that are laid out contiguously
 * for every operand so the innermost row is as long as possible, then calls `row` once per row —
 * the per-element loop lives in the caller, free of closures.
 */

export interface Walk {
  shape: number[];
  strides: number[][];
}

/** Merges adjacent dimensions that are contiguous for every operand and drops size-1 dims. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Walk {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    let mergeable = last >= 0;
    if (mergeable) {
      for (let k = 0; k < strides.length; k++) {
        if (outStrides[k]![last] !== strides[k]![d]! * size) { mergeable = false; break; }
      }
    }
    if (mergeable) {
      outShape[last] = outShape[last]! * size;
      for (let k = 0; k < strides.length; k++) outStrides[k]![last] = strides[k]![d]!;
    } else {
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k]!.push(strides[k]![d]!);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls row(offsets, rowLength, rowStrides, outIndex) for each innermost row. `offsets[k]` is the
 * start of operand k's row; outIndex is the flat index of the row in a contiguous output.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  baseOffsets: readonly number[],
  row: (offsets: number[], len: number, rowStrides: number[], outIndex: number) => void,
): void {
  const walk = coalesce(shape, strides);
  const rank = walk.shape.length;
  const offsets = [...baseOffsets];
  if (rank === 0) {
    row(offsets, 1, strides.map(() => 0), 0);
    return;
  }
  for (const d of shape) if (d === 0) return;
  const len = walk.shape[rank - 1]!;
  const rowStrides = walk.strides.map((s) => s[rank - 1]!);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= walk.shape[d]!;
  const index = new Array<number>(rank).fill(0);
  const nOps = offsets.length;
  for (let r = 0; r < rows; r++) {
    row(offsets, len, rowStrides, r * len);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      const size = walk.shape[d]!;
      if (index[d]! < size) {
        for (let k = 0; k < nOps; k++) offsets[k]! += walk.strides[k]![d]!;
        break;
      }
      index[d] = 0;
      for (let k = 0; k < nOps; k++) offsets[k]! -= walk.strides[k]![d]! * (size - 1);
    }
  }
}
