"""Golden strings for tensor printing, from PyTorch 1.13's str(tensor).

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden_format.py  (writes test/golden/format.json)
Non-finite values are stored as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
"""
import torch, json, math
cases = []
def fix(v):
    return [("NaN" if isinstance(x, float) and math.isnan(x) else "Infinity" if x == math.inf else "-Infinity" if x == -math.inf else x) for x in v]
def add(t, rg=False):
    if rg: t = t.clone().requires_grad_()
    data = t.detach().reshape(-1).double().tolist() if t.dtype != torch.bool else t.reshape(-1).int().tolist()
    cases.append({"data": fix(data), "shape": list(t.shape),
                  "dtype": {torch.float32:"float32", torch.float64:"float64", torch.int32:"int32", torch.bool:"bool"}[t.dtype], "requiresGrad": rg, "expected": str(t)})
torch.manual_seed(0)
add(torch.tensor([[1., 2.], [3., 4.]]))
add(torch.tensor(3.))
add(torch.randn(3, 4))
add(torch.randn(2, 3, 4) * 1000)
add(torch.tensor([1e-5, 1., 2.]))
add(torch.tensor([float('nan'), float('inf'), -float('inf'), 1.5]))
add(torch.tensor([-0., 0., 1.]))
add(torch.arange(12, dtype=torch.int32).reshape(3, 4))
add(torch.tensor([True, False]))
add(torch.randn(3, dtype=torch.float64))
add(torch.randn(40))
add(torch.randn(50, 40))
add(torch.randn(5, 6, 7, 8))
add(torch.zeros(0, 3))
add(torch.zeros(0))
add(torch.randn(2, 3), rg=True)
add(torch.tensor([1e9, 2.]))
add(torch.tensor([100000., 2.]))
add(torch.arange(2000, dtype=torch.int32))
add(torch.tensor([-1.5, 2.25, float('nan')]))
add(torch.tensor([0., 0.]))
add(torch.randn(2, 2, 2) * 1e-6)
import os
out = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "format.json")
with open(out, "w") as f:
    json.dump(cases, f)
print(f"wrote {out}: {len(cases)} cases")
