import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AutogradError, enableGrad, isGradEnabled, noGrad, ones, tensor, zeros } from "../../src/index.js";

describe("backward", () => {
  test("a scalar output needs no gradient argument and fills .grad of leaves", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    assert.deepEqual(x.grad?.toArray(), [2, 4, 6]);
  });

  test("a non-scalar output without a gradient is an error naming its shape", () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    assert.throws(() => x.mul(2).backward(), {
      name: "AutogradError",
      message: "backward: expected a scalar output when no gradient is given, got shape [2, 2]. Hint: reduce the output first (e.g. loss.sum() or loss.mean()), or pass backward(gradient) with a gradient of that shape.",
    });
  });

  test("an explicit gradient is used as the vector of the vector-Jacobian product", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).backward(tensor([10, 100]));
    assert.deepEqual(x.grad?.toArray(), [30, 300]);
  });

  test("a gradient of the wrong shape is a ShapeError", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.throws(() => x.mul(3).backward(tensor([1, 2, 3])), { name: "ShapeError", message: "backward: expected a gradient of the output's shape [2], got [3]." });
  });

  test("gradients accumulate across backward calls until zeroed", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.sum().backward();
    const g = x.grad!;
    x.mul(2).sum().backward();
    assert.equal(x.grad, g, "accumulation is in place: the same .grad tensor");
    assert.deepEqual(x.grad?.toArray(), [3, 3]);
    noGrad(() => x.grad!.zero_());
    assert.deepEqual(x.grad?.toArray(), [0, 0]);
  });

  test("a second backward through a freed graph is an error; retainGraph allows it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    assert.throws(() => y.backward(), {
      name: "AutogradError",
      message: "backward: the graph through SumBackward0 was already freed by an earlier backward(). Hint: pass { retainGraph: true } to the first backward() if you need to run backward through the same graph twice.",
    });
    const x2 = tensor([1, 2], { requiresGrad: true });
    const y2 = x2.mul(x2).sum();
    y2.backward(undefined, { retainGraph: true });
    y2.backward();
    assert.deepEqual(x2.grad?.toArray(), [4, 8]);
  });

  test("backward on a tensor that does not require grad is an error", () => {
    assert.throws(() => ones(2).sum().backward(), { name: "AutogradError", message: /^backward: expected a tensor that requires grad/ });
  });

  test("an integer result such as argmax stays out of the graph", () => {
    const x = tensor([2], { requiresGrad: true });
    const a = x.mul(3);
    const index = a.argmax();
    assert.equal(index.requiresGrad, false);
    const y = a.mul(a).sum();
    y.backward();
    assert.deepEqual(x.grad?.toArray(), [36]);
  });
});

describe("grad mode", () => {
  test("noGrad records nothing and restores the mode, also on throw", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.throws(() => noGrad(() => { throw new Error("boom"); }));
    assert.equal(isGradEnabled(), true);
  });

  test("enableGrad records inside noGrad", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => enableGrad(() => x.mul(2)));
    assert.equal(y.requiresGrad, true);
  });

  test("noGrad refuses an async function instead of silently leaking the mode", () => {
    assert.throws(() => noGrad(async () => 1), { name: "ValueError", message: /^noGrad: expected a synchronous function/ });
    assert.equal(isGradEnabled(), true);
  });

  test("detach shares storage and cuts the graph", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    assert.equal(d.requiresGrad, false);
    assert.equal(d.gradFn, null);
  });
});

describe("in-place safety (version counter)", () => {
  test("an in-place op on a leaf that requires grad is refused", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    assert.throws(() => w.add_(1), {
      name: "AutogradError",
      message: "add_: expected a tensor that is not a leaf requiring grad, got a leaf tensor with requiresGrad true. Hint: in-place changes to parameters belong inside noGrad(() => …), as optimizers do; otherwise use the out-of-place op.",
    });
    noGrad(() => w.add_(1));
    assert.deepEqual(w.toArray(), [2, 3]);
  });

  test("changing a tensor saved for backward makes backward fail instead of returning a wrong gradient", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const y = h.exp(); // exp saves its output
    y.mul_(2);
    assert.throws(() => y.sum().backward(), { name: "AutogradError", message: /^backward through ExpBackward0: expected a tensor saved for backward to be unchanged \(version 0\), got version 1/ });
  });

  test("an in-place op whose backward needs no saved value gives the right gradient", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    h.add_(1).mul_(3);
    h.sum().backward();
    assert.deepEqual(x.grad?.toArray(), [6, 6, 6]);
    assert.equal(h.gradFn?.name, "MulBackward0");
  });

  test("a parameter updated after forward makes its backward fail", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const x = tensor([3, 4], { requiresGrad: true });
    const loss = x.mul(w).sum();
    noGrad(() => w.sub_(0.1));
    assert.throws(() => loss.backward(), { name: "AutogradError" });
  });

  test("an in-place op on a view of a tensor that requires grad is refused", () => {
    const h = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    assert.throws(() => h.slice(0, 2).mul_(2), { name: "AutogradError", message: /^mul_: expected an in-place target that is not a view of a tensor requiring grad, got a view produced by SliceBackward0/ });
  });

  test("in-place ops that would need a wider dtype are refused", () => {
    assert.throws(() => zeros(2, { dtype: "int32" }).add_(0.5), { name: "DTypeError", message: "add_: expected a result that fits the target's dtype int32, got dtype float32. Hint: use the out-of-place op, which promotes the type." });
  });

  test("in-place ops cannot broadcast the target", () => {
    assert.throws(() => zeros(3).add_(zeros(2, 3)), { name: "ShapeError", message: "add_: expected a result of the target's shape [3] (in-place ops cannot broadcast the target), got [2, 3]." });
  });
});

describe("introspection", () => {
  test("savedBytes reports what a node keeps for backward", () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    assert.equal(x.exp().gradFn?.savedBytes(), 16, "exp keeps its float32 output");
    assert.equal(x.add(1).gradFn?.savedBytes(), 0, "add keeps nothing");
  });
  test("AutogradError has a stable code", () => {
    assert.equal(new AutogradError("x").code, "ERR_AUTOGRAD");
  });
});
