"""Golden values for the dropout family's deterministic parts, from PyTorch 1.13 and torchvision 0.14.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden_dropout.py  (writes test/golden/dropout.json)
PyTorch's masks come from its own RNG, so the tests do not replay them: they check that every output
element is one of the values our constants allow (kept or dropped), and, for DropBlock, the seeds are
redrawn here from the same RNG state so the test can rebuild torchvision's output from them.
"""
import json, os
import torch
import torch.nn.functional as F
from torchvision.ops import drop_block2d

def flat(t):
    return t.detach().reshape(-1).double().tolist()

out = {"masked": [], "eval": [], "dropBlock": []}

# Inverted, alpha and feature-alpha dropout in training: outputs whose kept/dropped values pin the constants.
torch.manual_seed(0)
for fn, name, shape, p in [
    (F.dropout, "dropout", [400], 0.3),
    (F.alpha_dropout, "alphaDropout", [1000], 0.2),
    (F.alpha_dropout, "alphaDropout", [1000], 0.5),
    (F.feature_alpha_dropout, "featureAlphaDropout", [8, 16, 5], 0.3),
]:
    x = torch.randn(*shape, dtype=torch.float64)
    y = fn(x, p, True)
    out["masked"].append({"fn": name, "p": p, "shape": shape, "input": flat(x), "output": flat(y)})

# Eval paths: every module in eval mode (and F.* with training=False) is the identity.
x = torch.randn(2, 3, 4, 5)
for name, module in [("Dropout", torch.nn.Dropout(0.5)), ("Dropout2d", torch.nn.Dropout2d(0.5)), ("Dropout3d", torch.nn.Dropout3d(0.5)),
                     ("AlphaDropout", torch.nn.AlphaDropout(0.5)), ("FeatureAlphaDropout", torch.nn.FeatureAlphaDropout(0.5))]:
    module.eval()
    out["eval"].append({"module": name, "p": 0.5, "shape": list(x.shape), "input": flat(x), "output": flat(module(x))})
x1 = torch.randn(2, 3, 4)
m = torch.nn.Dropout1d(0.5).eval()
out["eval"].append({"module": "Dropout1d", "p": 0.5, "shape": list(x1.shape), "input": flat(x1), "output": flat(m(x1))})

# DropBlock: torchvision's γ, seeds (the same RNG draw it makes) and output. Odd block sizes only:
# torchvision 0.14 fails on even ones (its padded max-pool gives an H + 2 map).
for seed, (n, c, h, w, p, bs) in enumerate([(2, 3, 7, 7, 0.2, 3), (1, 2, 9, 8, 0.3, 5), (2, 1, 5, 6, 0.5, 3), (1, 1, 6, 6, 0.4, 1)]):
    x = torch.randn(n, c, h, w)
    torch.manual_seed(300 + seed)
    y = drop_block2d(x, p, bs)
    gamma = (p * h * w) / ((bs ** 2) * ((h - bs + 1) * (w - bs + 1)))
    torch.manual_seed(300 + seed)
    seeds = torch.empty(n, c, h - bs + 1, w - bs + 1).bernoulli_(gamma)
    # Each seed at (i, j) drops the square i…i+bs−1 × j…j+bs−1: check that reading against torchvision here.
    keep = torch.ones(n, c, h, w)
    for idx in seeds.nonzero().tolist():
        a, b, i, j = idx
        keep[a, b, i:i + bs, j:j + bs] = 0
    rebuilt = x * keep * (keep.numel() / (1e-6 + keep.sum()))
    assert torch.allclose(rebuilt, y), "seed layout"
    assert seeds.sum() > 0, f"case {seed} drops nothing"
    out["dropBlock"].append({"shape": [n, c, h, w], "p": p, "blockSize": bs, "gamma": gamma, "input": flat(x), "seeds": flat(seeds), "output": flat(y)})

path = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "dropout.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
