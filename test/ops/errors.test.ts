import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cat, tensor, zeros } from "../../src/index.js";

/** Error messages are API: each is asserted in full. */
describe("bad input to ops", () => {
  test("shapes that cannot broadcast name both shapes and the dimension", () => {
    assert.throws(() => zeros(2, 3).add(zeros(4, 3)), {
      name: "ShapeError",
      message: "add: expected shapes that broadcast (each dimension equal, or 1), got [2, 3] and [4, 3], which differ at dimension -2 (2 vs 4).",
    });
  });

  test("matmul names both shapes and the mismatched dims", () => {
    assert.throws(() => zeros(2, 3).matmul(zeros(4, 5)), {
      name: "ShapeError",
      message: "matmul: expected the last dimension of the first input to equal the second-to-last dimension of the second, got shapes [2, 3] and [4, 5] (3 vs 4).",
    });
  });

  test("matmul of mixed dtypes is refused, as PyTorch refuses it", () => {
    assert.throws(() => zeros(2, 2).matmul(zeros(2, 2, { dtype: "float64" })), {
      name: "DTypeError",
      message: "matmul: expected two floating-point tensors of the same dtype, got float32 and float64. Hint: convert with .float() (or .double()) first.",
    });
  });

  test("an axis out of range names the valid range", () => {
    assert.throws(() => zeros(2, 3).sum(2), { name: "ShapeError", message: "sum: expected a dimension in [-2, 1] for a tensor of rank 2, got 2." });
    assert.throws(() => zeros(2, 3).transpose(0, -3), { name: "ShapeError", message: "transpose: expected a dimension in [-2, 1] for a tensor of rank 2, got -3." });
  });

  test("mean of an integer tensor is refused (PyTorch cannot infer its dtype either)", () => {
    assert.throws(() => tensor([1, 2], { dtype: "int32" }).mean(), {
      name: "DTypeError",
      message: "mean: expected a floating-point tensor, got dtype int32. Hint: convert first, e.g. x.float().mean().",
    });
  });

  test("out-of-range indices name the first bad one", () => {
    assert.throws(() => zeros(3).indexSelect(0, tensor([0, 3], { dtype: "int32" })), { name: "ValueError", message: "indexSelect: expected indices in [0, 2], got 3 at position 1." });
    assert.throws(() => zeros(3).indexSelect(0, tensor([0, 1])), { name: "DTypeError" });
  });

  test("cat of mismatched shapes names the tensor", () => {
    assert.throws(() => cat([zeros(2, 3), zeros(2, 4)], 0), { name: "ShapeError", message: "cat: expected every tensor to match [2, 3] except in dimension 0, got tensor 1 of shape [2, 4]." });
  });

  test("where needs a bool condition", () => {
    assert.throws(() => zeros(2).where(zeros(2), 1), { name: "DTypeError", message: "where: expected a bool condition, got dtype float32. Hint: build the condition with a comparison such as x.gt(0)." });
  });
});

describe("dtype rules", () => {
  const int = (v: number[]) => tensor(v, { dtype: "int32" });
  test("int / int is true division in float32; rounding modes keep ints", () => {
    const q = int([7, -7]).div(int([2, 2]));
    assert.equal(q.dtype, "float32");
    assert.deepEqual(q.toArray(), [3.5, -3.5]);
    assert.deepEqual(int([7, -7]).div(2, { roundingMode: "floor" }).toArray(), [3, -4]);
    assert.deepEqual(int([7, -7]).div(2, { roundingMode: "trunc" }).toArray(), [3, -3]);
    assert.deepEqual(int([7, -7]).remainder(3).toArray(), [1, 2]);
  });
  test("promotion: int + float scalar → float32; int + int scalar → int32; bool + int → int32", () => {
    assert.equal(int([1]).add(0.5).dtype, "float32");
    assert.equal(int([1]).mul(2).dtype, "int32");
    assert.equal(tensor([true]).add(int([1])).dtype, "int32");
    assert.equal(zeros(1).add(zeros(1, { dtype: "float64" })).dtype, "float64");
    assert.equal(zeros(2).add(tensor(1, { dtype: "float64" })).dtype, "float32", "a 0-d tensor does not widen within a category");
    assert.equal(zeros(2).lt(1).dtype, "bool");
  });
  test("sum of ints and bools is int32; argmax is int32 and takes the first of ties", () => {
    assert.equal(tensor([true, true, false]).sum().item(), 2);
    assert.equal(int([1, 2]).sum().dtype, "int32");
    assert.equal(tensor([1, 3, 3, 0]).argmax().item(), 1);
  });
});
