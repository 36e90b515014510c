import { describe, test } from "node:test";
import { cat, maximum, minimum, stack, tensor, Tensor, where } from "../../src/index.js";
import { gradcheck, leaf } from "../helpers/gradcheck.js";

/** Positive inputs, away from 0, for log/sqrt/div and friends. */
const positive = (t: Tensor): Tensor => t.abs().add(0.5);
/** Away from the kink at 0 (|x| ≥ 0.1) for relu/abs/clamp/max. */
const offZero = (t: Tensor): Tensor => t.add(t.sign().mul(0.1));

describe("finite-difference gradients of binary ops, with broadcasting", () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor, number[], number[], ((t: Tensor) => Tensor)?][] = [
    ["add", (a, b) => a.add(b), [3, 4], [4]],
    ["add alpha", (a, b) => a.add(b, { alpha: -2.5 }), [2, 3], [2, 3]],
    ["sub", (a, b) => a.sub(b), [3, 1], [1, 4]],
    ["mul", (a, b) => a.mul(b), [2, 3, 4], [3, 1]],
    ["div", (a, b) => a.div(b), [3, 4], [3, 4], positive],
    ["div broadcast", (a, b) => a.div(b), [2, 1, 4], [3, 1], positive],
    ["pow", (a, b) => a.pow(b), [3, 4], [4], positive],
    ["remainder", (a, b) => a.remainder(b), [5], [5], positive],
    ["maximum", (a, b) => maximum(a, b), [3, 4], [4]],
    ["minimum", (a, b) => minimum(a, b), [3, 4], [3, 1]],
    ["matmul 2-D", (a, b) => a.matmul(b), [3, 5], [5, 4]],
    ["matmul 1-D·1-D", (a, b) => a.matmul(b), [5], [5]],
    ["matmul 1-D·2-D", (a, b) => a.matmul(b), [5], [5, 3]],
    ["matmul 2-D·1-D", (a, b) => a.matmul(b), [3, 5], [5]],
    ["matmul batched with broadcast", (a, b) => a.matmul(b), [2, 1, 3, 4], [5, 4, 2]],
    ["matmul transposed views", (a, b) => a.t().matmul(b.t()), [4, 3], [5, 4]],
  ];
  for (const [name, f, sa, sb, tr] of cases) {
    test(name, () => gradcheck(name, f, [leaf(sa, 1, tr), leaf(sb, 2, tr)]));
  }
  test("where", () => {
    const cond = tensor([[true, false, true], [false, false, true]]);
    gradcheck("where", (a, b) => where(cond, a, b), [leaf([2, 3], 3), leaf([3], 4)]);
  });
  test("scalar operands", () => {
    gradcheck("x*2+1", (a) => a.mul(2).add(1).sub(0.5).div(4), [leaf([3, 2], 5)]);
    gradcheck("x^3", (a) => a.pow(3), [leaf([4], 6)]);
  });
});

describe("finite-difference gradients of unary ops", () => {
  const cases: [string, (a: Tensor) => Tensor, ((t: Tensor) => Tensor)?][] = [
    ["neg", (a) => a.neg()],
    ["exp", (a) => a.exp()],
    ["log", (a) => a.log(), positive],
    ["log1p", (a) => a.log1p(), positive],
    ["expm1", (a) => a.expm1()],
    ["erf", (a) => a.erf()],
    ["sqrt", (a) => a.sqrt(), positive],
    ["rsqrt", (a) => a.rsqrt(), positive],
    ["abs", (a) => a.abs(), offZero],
    ["square", (a) => a.square()],
    ["reciprocal", (a) => a.reciprocal(), positive],
    ["sin", (a) => a.sin()],
    ["cos", (a) => a.cos()],
    ["tanh", (a) => a.tanh()],
    ["sigmoid", (a) => a.sigmoid()],
    ["relu", (a) => a.relu(), offZero],
    ["clamp", (a) => a.clamp({ min: -0.5, max: 0.7 }), (t) => offZero(t).mul(1.37)],
    ["clamp min only", (a) => a.clamp({ min: 0.05 }), offZero],
  ];
  for (const [name, f, tr] of cases) test(name, () => gradcheck(name, f, [leaf([3, 4], 7, tr)]));
});

describe("finite-difference gradients of reductions, over each dim and keepdim", () => {
  const x = (): Tensor => leaf([2, 3, 4], 11);
  for (const op of ["sum", "mean", "var", "std", "logsumexp"] as const) {
    test(`${op} over all`, () => gradcheck(op, (a) => a[op](), [x()]));
    for (const dim of [0, 1, 2, -1]) {
      for (const keepdim of [false, true]) {
        test(`${op} dim ${dim} keepdim ${keepdim}`, () => gradcheck(op, (a) => a[op](dim, { keepdim }), [x()]));
      }
    }
    test(`${op} over dims [0, 2]`, () => gradcheck(op, (a) => a[op]([0, 2]), [x()]));
  }
  test("var with correction 0", () => gradcheck("var", (a) => a.var(1, { correction: 0 }), [x()]));
  for (const op of ["max", "min"] as const) {
    test(`${op} over all`, () => gradcheck(op, (a) => a[op](), [x()]));
    for (const dim of [0, 1, 2]) {
      for (const keepdim of [false, true]) test(`${op} dim ${dim} keepdim ${keepdim}`, () => gradcheck(op, (a) => a[op](dim, { keepdim }), [x()]));
    }
  }
});

describe("finite-difference gradients of views and joins", () => {
  const x = (): Tensor => leaf([2, 3, 4], 21);
  const cases: [string, (a: Tensor) => Tensor][] = [
    ["reshape", (a) => a.reshape(4, -1)],
    ["view", (a) => a.view([6, 4])],
    ["flatten", (a) => a.flatten(1)],
    ["transpose", (a) => a.transpose(0, 2).mul(tensor([1, 2], { dtype: "float64" }))],
    ["permute", (a) => a.permute(2, 0, 1).contiguous()],
    ["unsqueeze", (a) => a.unsqueeze(1)],
    ["squeeze", (a) => a.slice(0, 1).squeeze(0)],
    ["expand", (a) => a.slice(0, 1, { dim: 1 }).expand(2, 5, 4)],
    ["slice with step", (a) => a.slice(1, 4, { dim: 2, step: 2 })],
    ["narrow", (a) => a.narrow(1, 1, 2)],
    ["select", (a) => a.select(1, -1)],
    ["split", (a) => a.split([1, 2], 1)[1]!],
    ["chunk", (a) => a.chunk(3, 2)[1]!],
    ["indexSelect with repeats", (a) => a.indexSelect(2, tensor([3, 0, 3], { dtype: "int32" }))],
    ["gather", (a) => a.gather(1, tensor([[[0, 2, 1, 0]], [[2, 2, 0, 1]]], { dtype: "int32" }))],
    ["clone", (a) => a.clone()],
    ["contiguous of a transpose", (a) => a.transpose(1, 2).contiguous()],
    ["in-place ops on a non-leaf", (a) => a.mul(1).add_(1).mul_(3).div_(2).sub_(0.25).clamp_({ min: -1, max: 2 })],
  ];
  for (const [name, f] of cases) test(name, () => gradcheck(name, f, [x()]));
  test("cat", () => gradcheck("cat", (a, b) => cat([a, b], 1), [leaf([2, 3], 1), leaf([2, 2], 2)]));
  test("stack", () => gradcheck("stack", (a, b) => stack([a, b], -1), [leaf([2, 3], 1), leaf([2, 3], 2)]));
  test("a tensor used twice (gradients accumulate over paths)", () => gradcheck("reuse", (a) => a.mul(a.exp()).add(a), [leaf([5], 3)]));
});
