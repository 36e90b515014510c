import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arange, eye, full, Generator, linspace, ones, rand, randn, stack, tensor, zeros } from "../../src/index.js";

describe("creation", () => {
  test("nested arrays give shape and float32; booleans give bool; typed arrays keep their type", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, "float32");
    assert.equal(tensor([true, false]).dtype, "bool");
    assert.equal(tensor(new Int32Array([1, 2])).dtype, "int32");
    assert.equal(tensor(new Float64Array(3)).dtype, "float64");
    assert.equal(tensor(5).shape.length, 0);
    assert.deepEqual(tensor([[1, 2]], { dtype: "int32" }).toArray(), [[1, 2]]);
  });

  test("ragged nested arrays are refused", () => {
    assert.throws(() => tensor([[1, 2], [3]]), { name: "ValueError", message: "tensor: expected a rectangular nested array of shape [2, 2], got a row of length 1 at depth 1." });
  });

  test("zeros/ones/full accept sizes or a list and options", () => {
    assert.deepEqual(zeros(2, 3).shape, [2, 3]);
    assert.deepEqual(ones([4]).toArray(), [1, 1, 1, 1]);
    assert.equal(zeros(2, { dtype: "int32" }).dtype, "int32");
    assert.deepEqual(full([2], 7).toArray(), [7, 7]);
  });

  test("NaN or a fraction where a size is expected is an error", () => {
    assert.throws(() => zeros(2, NaN), { name: "ValueError", message: "zeros: expected sizes that are non-negative integers, got [2, NaN]." });
    assert.throws(() => ones([1.5]), { name: "ValueError" });
  });

  test("arange, linspace, eye", () => {
    assert.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
    assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
    assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
    assert.throws(() => arange(0, 5, -1), { name: "ValueError" });
  });

  test("random creation is reproducible with a generator", () => {
    const a = rand(3, 4, { generator: new Generator({ seed: 7 }) });
    const b = rand([3, 4], { generator: new Generator({ seed: 7 }) });
    assert.deepEqual(a.toArray(), b.toArray());
    assert.notDeepEqual(randn(8, { generator: new Generator({ seed: 1 }) }).toArray(), randn(8, { generator: new Generator({ seed: 2 }) }).toArray());
  });

  test("only floating-point tensors can require grad", () => {
    assert.throws(() => tensor([1], { dtype: "int32", requiresGrad: true }), {
      name: "DTypeError",
      message: "tensor: expected a floating-point dtype for a tensor that requires grad, got dtype int32. Hint: only float32 and float64 tensors can require gradients.",
    });
  });
});

describe("reading values", () => {
  test("item on more than one element names the shape", () => {
    assert.equal(tensor([[3]]).item(), 3);
    assert.throws(() => zeros(2, 3).item(), {
      name: "ValueError",
      message: "item: expected a tensor with exactly one element, got shape [2, 3] with 6 elements. Hint: reduce it first (e.g. .sum() or .mean()), or read every element with .toArray().",
    });
  });

  test("dataSync returns a contiguous copy of a strided view", () => {
    const t = tensor([[1, 2], [3, 4]]).t();
    assert.deepEqual(Array.from(t.dataSync()), [1, 3, 2, 4]);
  });
});

describe("views share storage; copies do not", () => {
  test("transpose, slice, expand, view, select are views", () => {
    const x = arange(6).reshape(2, 3);
    for (const v of [x.t(), x.slice(1, 2), x.unsqueeze(0).expand(4, 2, 3), x.view(3, 2), x.select(1, 0), x.flatten()]) {
      assert.equal(v.storage, x.storage);
    }
    assert.notEqual(x.t().contiguous().storage, x.storage);
    assert.equal(x.contiguous(), x, "contiguous() of a contiguous tensor is the tensor itself");
  });

  test("writing through a view is seen by the base", () => {
    const x = zeros(2, 3);
    x.select(0, 1).fill_(5);
    assert.deepEqual(x.toArray(), [[0, 0, 0], [5, 5, 5]]);
  });

  test("slice follows Python: negative indices and clamped ends", () => {
    const x = arange(10);
    assert.deepEqual(x.slice(-3).toArray(), [7, 8, 9]);
    assert.deepEqual(x.slice(8, 100).toArray(), [8, 9]);
    assert.deepEqual(x.slice(1, 8, { step: 3 }).toArray(), [1, 4, 7]);
  });

  test("view of a non-contiguous tensor is refused with a hint; reshape copies", () => {
    const x = zeros(2, 3).t();
    assert.throws(() => x.view(6), {
      name: "ShapeError",
      message: "view: expected a contiguous input, got a strided view of shape [3, 2] with strides [1, 3]. Hint: use reshape(), which copies when it must, or call contiguous() first.",
    });
    assert.deepEqual(x.reshape(6).shape, [6]);
  });

  test("reshape with the wrong element count names both shapes", () => {
    assert.throws(() => zeros(2, 3).reshape(4, 2), { name: "ShapeError", message: "reshape: expected a shape with 6 elements (the input's [2, 3]), got [4, 2] with 8 elements." });
    assert.throws(() => zeros(2, 3).reshape(4, -1), { name: "ShapeError", message: "reshape: expected a shape whose known sizes divide 6 (the input's element count), got [4, -1] for input of shape [2, 3]." });
  });

  test("cat, stack, split, chunk", () => {
    const a = arange(4).reshape(2, 2);
    assert.deepEqual(stack([a, a]).shape, [2, 2, 2]);
    assert.deepEqual(a.split(1, 1).map((p) => p.toArray()), [[[0], [2]], [[1], [3]]]);
    assert.deepEqual(arange(5).chunk(2).map((p) => p.toArray()), [[0, 1, 2], [3, 4]]);
  });
});
