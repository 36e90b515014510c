/** indexSelect's element loop (short rows) and block copy (rows of ≥ 32 elements) against a plain reference. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { arange, tensor } from "../../src/index.js";

test("indexSelect on dim 0 and a middle dim, short and long rows, float32 and int32, with repeats", () => {
  for (const [shape, dim] of [[[5, 3], 0], [[6, 40], 0], [[2, 5, 33], 1], [[3, 4, 2], 1]] as const) {
    for (const dtype of ["float32", "int32"] as const) {
      const n = shape.reduce((a: number, b: number) => a * b, 1);
      const x = arange(0, n, 1, { dtype }).reshape([...shape]);
      const index = [shape[dim] - 1, 0, shape[dim] - 1, 1];
      const got = x.indexSelect(dim, tensor(index, { dtype: "int32" }));
      const outer = shape.slice(0, dim).reduce((a: number, b: number) => a * b, 1), inner = shape.slice(dim + 1).reduce((a: number, b: number) => a * b, 1);
      const expected: number[] = [];
      for (let o = 0; o < outer; o++) for (const j of index) for (let i = 0; i < inner; i++) expected.push((o * shape[dim] + j) * inner + i);
      assert.deepEqual(Array.from(got.dataSync(), Number), expected, `${JSON.stringify(shape)} dim ${dim} ${dtype}`);
    }
  }
});

test("indexSelect and gather read a contiguous slice of a bigger tensor at its offset", () => {
  const big = arange(0, 60, 1).reshape([10, 6]);
  const part = big.slice(4, 8); // rows 4..7: a view at offset 24
  assert.deepEqual(Array.from(part.indexSelect(0, tensor([2, 0], { dtype: "int32" })).dataSync()), [36, 37, 38, 39, 40, 41, 24, 25, 26, 27, 28, 29]);
  assert.deepEqual(Array.from(part.gather(1, tensor([[5], [0], [1], [2]], { dtype: "int32" })).dataSync()), [29, 30, 37, 44]);
});
