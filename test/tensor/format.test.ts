import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { tensor } from "../../src/index.js";
import { formatTensor } from "../../src/tensor/format.js";

/** Tensors print exactly as PyTorch 1.13 prints them (tools/golden_format.py → test/golden/format.json). */
interface Case { data: (number | string)[]; shape: number[]; dtype: "float32" | "float64" | "int32" | "bool"; requiresGrad: boolean; expected: string }
const cases = JSON.parse(readFileSync(new URL("../golden/format.json", import.meta.url), "utf8")) as Case[];

describe("printing matches PyTorch", () => {
  for (const c of cases) {
    test(c.expected.split("\n")[0]!.slice(0, 70), () => {
      const data = c.data.map((x) => (typeof x === "string" ? Number(x) : x));
      assert.equal(formatTensor(data, c.shape, c.dtype, c.requiresGrad ? { requiresGrad: true } : {}), c.expected);
    });
  }
});

describe("Tensor.toString", () => {
  test("shows grad_fn and requires_grad like PyTorch", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.equal(String(x), "tensor([1., 2.], requires_grad=True)");
    assert.equal(String(x.mul(2)), "tensor([2., 4.], grad_fn=<MulBackward0>)");
    assert.equal(String(tensor([[1, 2], [3, 4]]).t()), "tensor([[1., 3.],\n        [2., 4.]])");
  });
});
