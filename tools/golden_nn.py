"""Golden values for dropout-ts layers, losses, optimizers and schedulers, from PyTorch 1.13.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden_nn.py
Writes test/golden/nn.json. Inputs are generated here and stored with the expected values, so the
TypeScript tests replay exactly these numbers and need no Python.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "golden", "nn.json")


def t(x):
    return {"shape": list(x.shape), "data": x.detach().reshape(-1).tolist()}


def layer_case(name, module, x_shape, train=True, x=None, int_input=False):
    module.train(train)
    if x is None:
        x = torch.randn(*x_shape)
    x = x.clone().requires_grad_(not int_input)
    state = {k: t(v) for k, v in module.state_dict().items()}
    y = module(x)
    g = torch.randn(y.shape)
    y.backward(g)
    case = {"name": name, "input": t(x), "state": state, "output": t(y), "upstream": t(g),
            "grads": {n: t(p.grad) for n, p in module.named_parameters() if p.grad is not None},
            "stateAfter": {k: t(v) for k, v in module.state_dict().items()}}
    if not int_input:
        case["inputGrad"] = t(x.grad)
    return case


layers = []
layers.append(layer_case("Linear", nn.Linear(5, 4), (3, 5)))
layers.append(layer_case("Linear no bias batched", nn.Linear(5, 4, bias=False), (2, 3, 5)))
layers.append(layer_case("Conv2d", nn.Conv2d(3, 4, 3), (2, 3, 6, 5)))
layers.append(layer_case("Conv2d stride padding", nn.Conv2d(2, 3, (3, 2), stride=2, padding=1), (2, 2, 7, 6)))
layers.append(layer_case("Conv2d dilation", nn.Conv2d(2, 2, 3, dilation=2, padding=(2, 1)), (1, 2, 7, 7)))
layers.append(layer_case("Conv2d groups", nn.Conv2d(4, 6, 3, groups=2, stride=(1, 2)), (2, 4, 5, 5)))
layers.append(layer_case("Conv1d", nn.Conv1d(3, 4, 3, stride=2, padding=1), (2, 3, 9)))
layers.append(layer_case("MaxPool2d", nn.MaxPool2d(2), (2, 3, 6, 5)))
layers.append(layer_case("MaxPool2d stride padding ceil", nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 2, 6, 6)))
layers.append(layer_case("AvgPool2d padding", nn.AvgPool2d(3, stride=2, padding=1), (2, 2, 5, 6)))
layers.append(layer_case("AvgPool2d no pad count ceil", nn.AvgPool2d(2, padding=1, count_include_pad=False, ceil_mode=True), (1, 2, 5, 5)))
layers.append(layer_case("AdaptiveAvgPool2d", nn.AdaptiveAvgPool2d((3, 2)), (2, 2, 7, 5)))
layers.append(layer_case("BatchNorm2d train", nn.BatchNorm2d(3), (4, 3, 2, 2)))
bn = nn.BatchNorm2d(3)
bn.running_mean.copy_(torch.tensor([0.1, -0.2, 0.3]))
bn.running_var.copy_(torch.tensor([1.5, 0.7, 2.0]))
bn.weight.data.copy_(torch.tensor([1.2, 0.8, -0.5]))
bn.bias.data.copy_(torch.tensor([0.1, 0.0, -0.3]))
layers.append(layer_case("BatchNorm2d eval", bn, (2, 3, 2, 2), train=False))
layers.append(layer_case("BatchNorm1d train", nn.BatchNorm1d(4), (5, 4)))
layers.append(layer_case("LayerNorm", nn.LayerNorm([3, 4]), (2, 3, 4)))
layers.append(layer_case("Embedding", nn.Embedding(5, 3, padding_idx=2), None, x=torch.tensor([[0, 2], [4, 1]]), int_input=True))
for name, mod in [("ReLU", nn.ReLU()), ("LeakyReLU", nn.LeakyReLU(0.2)), ("ELU", nn.ELU(1.3)), ("SELU", nn.SELU()),
                  ("GELU", nn.GELU()), ("GELU tanh", nn.GELU(approximate="tanh")), ("Sigmoid", nn.Sigmoid()), ("Tanh", nn.Tanh()),
                  ("Softmax", nn.Softmax(dim=1)), ("LogSoftmax", nn.LogSoftmax(dim=1)), ("Flatten", nn.Flatten())]:
    layers.append(layer_case(name, mod, (3, 4, 2)))


def loss_case(name, fn, x, target, **kwargs):
    x = x.clone().requires_grad_()
    y = fn(x, target, **kwargs)
    g = torch.randn(y.shape)
    y.backward(g)
    enc = {}
    for k, v in kwargs.items():
        enc[k] = t(v) if isinstance(v, torch.Tensor) else v
    return {"name": name, "fn": fn.__name__, "input": t(x), "target": t(target), "targetIsIndex": target.dtype == torch.int64,
            "options": enc, "output": t(y), "upstream": t(g), "inputGrad": t(x.grad)}


losses = []
logits = torch.randn(4, 5) * 2
labels = torch.tensor([1, 0, 4, 4])
w = torch.tensor([0.5, 2.0, 1.0, 1.5, 0.7])
probs = torch.softmax(torch.randn(4, 5), 1)
for red in ["mean", "sum", "none"]:
    losses.append(loss_case(f"cross_entropy {red}", F.cross_entropy, logits, labels, reduction=red))
    losses.append(loss_case(f"cross_entropy weight {red}", F.cross_entropy, logits, labels, weight=w, reduction=red))
    losses.append(loss_case(f"cross_entropy smoothing weight {red}", F.cross_entropy, logits, labels, weight=w, label_smoothing=0.2, reduction=red))
    losses.append(loss_case(f"cross_entropy probs smoothing {red}", F.cross_entropy, logits, probs, label_smoothing=0.1, reduction=red))
    losses.append(loss_case(f"nll_loss weight {red}", F.nll_loss, torch.log_softmax(logits, 1), labels, weight=w, reduction=red))
    y = torch.randn(3, 4)
    losses.append(loss_case(f"mse_loss {red}", F.mse_loss, torch.randn(3, 4), y, reduction=red))
    losses.append(loss_case(f"l1_loss {red}", F.l1_loss, torch.randn(3, 4), y, reduction=red))
    p = torch.rand(3, 4) * 0.8 + 0.1
    yb = torch.rand(3, 4)
    losses.append(loss_case(f"binary_cross_entropy {red}", F.binary_cross_entropy, p, yb, reduction=red))
    losses.append(loss_case(f"binary_cross_entropy_with_logits pos_weight {red}", F.binary_cross_entropy_with_logits, torch.randn(3, 4) * 3, yb, pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0]), reduction=red))
losses.append(loss_case("cross_entropy ignore_index", F.cross_entropy, logits, labels, ignore_index=4))
losses.append(loss_case("cross_entropy ignore_index smoothing", F.cross_entropy, logits, labels, ignore_index=0, label_smoothing=0.3))
losses.append(loss_case("cross_entropy spatial", F.cross_entropy, torch.randn(2, 3, 4), torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]])))


def optim_case(name, make, steps=10):
    torch.manual_seed(1)
    model = nn.Linear(4, 3)
    init = {k: t(v) for k, v in model.state_dict().items()}
    x = torch.randn(8, 4)
    y = torch.randn(8, 3)
    opt = make(model.parameters())
    trace = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        trace.append({k: t(v) for k, v in model.state_dict().items()})
    return {"name": name, "init": init, "x": t(x), "y": t(y), "trace": trace}


O = torch.optim
optims = [
    optim_case("SGD", lambda p: O.SGD(p, lr=0.1)),
    optim_case("SGD momentum dampening wd", lambda p: O.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    optim_case("SGD nesterov", lambda p: O.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    optim_case("SGD maximize", lambda p: O.SGD(p, lr=0.01, maximize=True)),
    optim_case("Adam", lambda p: O.Adam(p, lr=0.01)),
    optim_case("Adam wd amsgrad", lambda p: O.Adam(p, lr=0.01, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)),
    optim_case("AdamW", lambda p: O.AdamW(p, lr=0.01)),
    optim_case("RMSprop", lambda p: O.RMSprop(p, lr=0.01)),
    optim_case("RMSprop centered momentum wd", lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01)),
    optim_case("Adagrad", lambda p: O.Adagrad(p, lr=0.1)),
    optim_case("Adagrad decay wd init", lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1)),
]


def sched_case(name, make, epochs=12, metrics=None):
    opt = O.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = make(opt)
    lrs = []
    for e in range(epochs):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[e])
        lrs.append(opt.param_groups[0]["lr"])
    return {"name": name, "lrs": lrs, "metrics": metrics}


S = torch.optim.lr_scheduler
scheds = [
    sched_case("StepLR", lambda o: S.StepLR(o, 3, gamma=0.5)),
    sched_case("MultiStepLR", lambda o: S.MultiStepLR(o, [2, 5, 9], gamma=0.3)),
    sched_case("ExponentialLR", lambda o: S.ExponentialLR(o, 0.9)),
    sched_case("CosineAnnealingLR", lambda o: S.CosineAnnealingLR(o, 10, eta_min=0.001)),
    sched_case("LinearLR", lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)),
    sched_case("ReduceLROnPlateau", lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2),
               metrics=[1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7]),
]

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "layers": layers, "losses": losses, "optimizers": optims, "schedulers": scheds}, f)
print(f"wrote {OUT}: {len(layers)} layers, {len(losses)} losses, {len(optims)} optimizers, {len(scheds)} schedulers")
