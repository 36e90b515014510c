import type { TypedArray } from "../dtype.js";

export function indexSelect(x: TypedArray, outer: number, size: number, inner: number, index: Int32Array, out: TypedArray): void {
  const n = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * size + index[j]!) * inner, dst = (o * n + j) * inner;
      // Long rows (a DataLoader gathering images) copy as one block: a memcpy, not an element loop.
      if (inner >= 32 && out.constructor === x.constructor) (out as Float32Array).set((x as Float32Array).subarray(src, src + inner), dst);
      else for (let i = 0; i < inner; i++) out[dst + i] = x[src + i]!;
    }
  }
}

export function indexAdd(src: TypedArray, outer: number, size: number, inner: number, index: Int32Array, out: TypedArray): void {
  const n = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * size + index[j]!) * inner, from = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i]! += src[from + i]!;
    }
  }
}

export function gather(x: TypedArray, outer: number, size: number, inner: number, index: Int32Array, indexSize: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indexSize; j++) {
      const row = (o * indexSize + j) * inner;
      for (let i = 0; i < inner; i++) out[row + i] = x[(o * size + index[row + i]!) * inner + i]!;
    }
  }
}

export function scatterAdd(src: TypedArray, outer: number, size: number, inner: number, index: Int32Array, indexSize: number, out: TypedArray): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < indexSize; j++) {
      const row = (o * indexSize + j) * inner;
      for (let i = 0; i < inner; i++) out[(o * size + index[row + i]!) * inner + i]! += src[row + i]!;
    }
  }
}
