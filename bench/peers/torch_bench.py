"""PyTorch side of `npm run bench`: the same workloads, printed as one JSON line. Not used by tests."""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

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


def w1(epochs, root):
    torch.manual_seed(0)
    x, y, xt, yt = fashion(root)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64, shuffle=True)
    seconds = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
    model.eval()
    with torch.no_grad():
        acc = (model(xt).argmax(1) == yt).float().mean().item()
    return {"seconds": seconds, "accuracy": acc}


if __name__ == "__main__":
    name, epochs, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    print(json.dumps({"w1": w1}[name](epochs, root)))
