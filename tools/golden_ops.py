"""Golden values for tensor ops whose semantics are subtle, from PyTorch 1.13.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden_ops.py  (writes test/golden/ops.json)
Each case: an op name, inputs (data, shape, dtype), keyword arguments, and either the expected
output or `raises` (PyTorch refuses it; the message is kept for reference). Non-finite numbers are
stored as the strings "NaN", "Infinity", "-Infinity".
"""
import json
import math
import os

import torch

torch.manual_seed(0)
DT = {torch.float32: "float32", torch.float64: "float64", torch.int32: "int32", torch.int64: "int64", torch.bool: "bool"}


def enc(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def t(x):
    if isinstance(x, (int, float)):
        return {"scalar": enc(float(x)) if isinstance(x, float) else x, "isFloat": isinstance(x, float)}
    flat = x.reshape(-1).tolist()
    return {"data": [enc(float(v)) if isinstance(v, float) else (int(v) if not isinstance(v, bool) else int(v)) for v in flat], "shape": list(x.shape), "dtype": DT[x.dtype]}


cases = []


def case(op, fn, inputs, **kwargs):
    entry = {"op": op, "inputs": [t(i) for i in inputs], "kwargs": kwargs}
    try:
        out = fn(*inputs, **kwargs)
        entry["output"] = t(out)
    except Exception as e:  # noqa: BLE001 — the refusal itself is the golden value
        entry["raises"] = str(e).split("\n")[0]
    cases.append(entry)


x = torch.randn(3, 4, 5)
for dim in [None, 0, 1, 2, -1, [0, 2]]:
    for keepdim in [False, True]:
        kw = {} if dim is None else {"dim": dim, "keepdim": keepdim}
        if dim is None and keepdim:
            continue
        case("var", torch.var, [x], **kw)
        case("std", torch.std, [x], **kw)
        case("logsumexp", torch.logsumexp, [x], **({"dim": dim if dim is not None else [0, 1, 2], "keepdim": keepdim}))
case("var", torch.var, [x], dim=1, unbiased=False)
case("std", torch.std, [x], dim=[0, 1], unbiased=False)
case("var", torch.var, [torch.tensor([3.0])])
case("logsumexp", torch.logsumexp, [torch.tensor([[1000.0, 1000.0], [-1000.0, 5.0]])], dim=1)
case("logsumexp", torch.logsumexp, [torch.tensor([[-math.inf, 0.0], [-math.inf, -math.inf]])], dim=1)
ties = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [5.0, -1.0, 5.0, -1.0]])
for op, fn in [("argmax", torch.argmax), ("argmin", torch.argmin)]:
    case(op, fn, [ties])
    case(op, fn, [ties], dim=1)
    case(op, fn, [ties], dim=0, keepdim=True)
    case(op, fn, [torch.tensor([1.0, math.nan, 3.0, math.nan])])
case("max", torch.max, [torch.tensor([1.0, math.nan, 3.0])])
case("min", torch.min, [torch.tensor([[1.0, 2.0], [math.nan, 0.0]])])
a = torch.tensor([7, -7, 6, -6, 0], dtype=torch.int32)
b = torch.tensor([2, 2, -4, 4, 3], dtype=torch.int32)
fa, fb = a.float() + 0.5, b.float()
case("div", torch.div, [a, b])
for mode in ["floor", "trunc"]:
    case("div", torch.div, [a, b], rounding_mode=mode)
    case("div", torch.div, [fa, fb], rounding_mode=mode)
case("remainder", torch.remainder, [a, b])
case("remainder", torch.remainder, [fa, fb])
case("add", torch.add, [torch.tensor([1, 2], dtype=torch.int32), torch.tensor([0.5, 1.5])])
case("add", torch.add, [torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int32)])
case("add", torch.add, [torch.tensor([1, 2], dtype=torch.int32), 2.5])
case("mul", torch.mul, [torch.tensor([1, 2], dtype=torch.int32), 3])
case("add", torch.add, [torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0], dtype=torch.float64)])
case("add", torch.add, [torch.tensor([1.0, 2.0]), torch.tensor(1.0, dtype=torch.float64)])
case("lt", torch.lt, [torch.tensor([1, 5], dtype=torch.int32), 2.5])
case("sum", torch.sum, [torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)], dim=0)
case("sum", torch.sum, [torch.tensor([True, True, False])])
case("mean", torch.mean, [torch.tensor([1, 2], dtype=torch.int32)])
case("pow", torch.pow, [torch.tensor([-8.0, 4.0, 0.0]), torch.tensor([1.0 / 3.0, 0.5, 0.0])])
case("pow", torch.pow, [torch.tensor([2, 3], dtype=torch.int32), 2])
case("clamp", torch.clamp, [torch.tensor([-2.0, 0.5, 3.0, math.nan])], min=-1.0, max=1.0)
case("clamp", torch.clamp, [torch.tensor([-2.0, 0.5, 3.0])], min=1.0, max=0.0)
for sa, sb in [([3, 1], [1, 4]), ([2, 1, 3], [4, 1]), ([5], [3, 1]), ([1], [2, 3]), ([2, 3], [3]), ([4, 3], [2, 3]), ([2, 1, 5], [2, 4, 1]), ([3, 2], [3])]:
    case("add", torch.add, [torch.randn(*sa), torch.randn(*sb)])
for sa, sb in [([4], [4]), ([4], [4, 3]), ([3, 4], [4]), ([2, 1, 3, 4], [5, 4, 2]), ([2, 3], [4, 5]), ([3], [4])]:
    case("matmul", torch.matmul, [torch.randn(*sa), torch.randn(*sb)])

out = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "ops.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print(f"wrote {out}: {len(cases)} cases")
