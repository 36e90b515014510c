"""PyTorch side of `npm run bench`: the same workloads (../shared/bench/WORKLOADS.md), one JSON line out.

Usage: torch_bench.py <w1|w2|w3|w4|w5> <epochs> <data root>. Not used by tests. Run with
OPENBLAS_NUM_THREADS=1 (set by bench/peers/torch.ts): torch at 2 threads is PyTorch's fastest here.
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion(root):
    d = os.path.join(root, "fashion-mnist")
    load = lambda n: idx(os.path.join(d, n))
    x = torch.tensor(load("train-images-idx3-ubyte.gz"), dtype=torch.float32).div(255).sub(0.5).div(0.5)
    xt = torch.tensor(load("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).div(255).sub(0.5).div(0.5)
    return x, torch.tensor(load("train-labels-idx1-ubyte.gz"), dtype=torch.long), xt, torch.tensor(load("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train_epochs(model, x, y, batch, epochs, after_epoch=None):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True)
    seconds = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
        if after_epoch is not None:
            after_epoch()
        seconds.append(time.perf_counter() - t0)
    return seconds


def w1(epochs, root):
    torch.manual_seed(0)
    x, y, xt, yt = fashion(root)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
    seconds = train_epochs(model, x, y, 64, epochs)
    return {"seconds": seconds, "accuracy": accuracy(model, xt, yt)}


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def w2(chunks, root):
    """Seconds per epoch extrapolated from `chunks` runs of 100 batches (as ours), plus one full epoch's accuracy when chunks is 0."""
    torch.manual_seed(0)
    x, y, xt, yt = fashion(root)
    x, xt = x.unsqueeze(1), xt.unsqueeze(1)
    model = cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches_per_epoch = (len(x) + 63) // 64
    perm = torch.randperm(len(x))
    seconds, at = [], 0
    model.train()
    for _ in range(chunks):
        t0 = time.perf_counter()
        for _ in range(100):
            i = perm[(at * 64) % len(x):(at * 64) % len(x) + 64]
            at += 1
            opt.zero_grad()
            loss_fn(model(x[i]), y[i]).backward()
            opt.step()
        seconds.append((time.perf_counter() - t0) / 100 * batches_per_epoch)
    return {"seconds": seconds, "accuracy": None}


def w3(epochs, root):
    """Keras-style MLP: validation_split 0.2 trains on the first 48 000 and validates on the last 12 000 every epoch."""
    torch.manual_seed(0)
    x, y, xt, yt = fashion(root)
    x, xt = x.reshape(-1, 784), xt.reshape(-1, 784)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))
    xv, yv = x[48000:], y[48000:]
    validate = lambda: accuracy(model, xv, yv)
    seconds = train_epochs(model, x[:48000], y[:48000], 128, epochs, validate)
    return {"seconds": seconds, "accuracy": accuracy(model, xt, yt)}


def timed(fn, reps):
    fn()
    fn()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def w4(reps, root):
    torch.manual_seed(0)
    x = torch.randn(256, 4096)
    n = x.numel()
    forward = [t / n * 1e9 for t in timed(lambda: F.dropout(x, 0.5, True), reps)]
    xg = x.clone().requires_grad_()
    base = timed(lambda: xg.sum().backward(), reps)
    both = timed(lambda: F.dropout(xg, 0.5, True).sum().backward(), reps)
    baseline = statistics.median(base)
    backward = [(b - baseline) / n * 1e9 for b in both]
    module = nn.Dropout(0.5).eval()
    small = torch.randn(4)
    overhead = [t * 1e6 for t in timed(lambda: module(small), max(reps, 200))]
    # What autograd keeps: the mask, as PyTorch 1.13 saves it (a bool tensor, 1 byte per element).
    y = F.dropout(xg, 0.5, True)
    saved = [v for k, v in ((k, getattr(y.grad_fn, k)) for k in dir(y.grad_fn) if k.startswith("_saved_")) if isinstance(v, torch.Tensor)]
    saved_bytes = sum(t.element_size() * t.numel() for t in saved)
    return {"forwardNs": forward, "forwardBackwardNs": backward, "savedBytesPerElement": saved_bytes / n, "evalOverheadUs": overhead}


def w5(reps, root):
    out = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        # (M, K, N, transA, transB): the MLP's forward, its weight gradient Xᵀ·dY, its input gradient dY·Wᵀ, and 1024³.
        for m, k, n, ta, tb in ((64, 784, 256, False, False), (784, 64, 256, True, False), (64, 256, 784, False, True), (1024, 1024, 1024, False, False)):
            a = torch.randn(k, m).t() if ta else torch.randn(m, k)
            b = torch.randn(n, k).t() if tb else torch.randn(k, n)
            key = f"{m}x{k}x{n}{' tA' if ta else ''}{' tB' if tb else ''} t{threads}"
            out[key] = [2 * m * n * k / t / 1e9 for t in timed(lambda: a @ b, reps if m * n * k < 1e8 else 5)]
    torch.set_num_threads(2)
    return out


if __name__ == "__main__":
    name, count, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps({"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5}[name](count, root)))
