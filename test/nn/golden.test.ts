import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { F, nn, noGrad, optim, tensor, Tensor } from "../../src/index.js";

/** Layers, losses, optimizers and schedulers against PyTorch 1.13 (tools/golden_nn.py → test/golden/nn.json). */
interface T { shape: number[]; data: number[] }
interface LayerCase { name: string; input: T; state: Record<string, T>; output: T; upstream: T; grads: Record<string, T>; stateAfter: Record<string, T>; inputGrad?: T }
interface LossCase { name: string; fn: string; input: T; target: T; targetIsIndex: boolean; options: Record<string, unknown>; output: T; upstream: T; inputGrad: T }
interface OptimCase { name: string; init: Record<string, T>; x: T; y: T; trace: Record<string, T>[] }
interface SchedCase { name: string; lrs: number[]; metrics: number[] | null }
const golden = JSON.parse(readFileSync(new URL("../golden/nn.json", import.meta.url), "utf8")) as { layers: LayerCase[]; losses: LossCase[]; optimizers: OptimCase[]; schedulers: SchedCase[] };

const toTensor = (t: T, dtype: "float32" | "int32" = "float32"): Tensor => tensor(dtype === "int32" ? Int32Array.from(t.data) : Float32Array.from(t.data)).reshape(t.shape);

/** Agreement within 1e-5 relative (plus 1e-6 absolute for values near zero): float32 against PyTorch's float64. */
function close(actual: Tensor, expected: T, what: string, rtol = 1e-5, atol = 1e-6): void {
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  expected.data.forEach((e, i) => {
    assert.ok(Math.abs(a[i]! - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: got ${a[i]}, PyTorch ${e}`);
  });
}

const layerFactories: Record<string, () => nn.Module> = {
  "Linear": () => new nn.Linear(5, 4),
  "Linear no bias batched": () => new nn.Linear(5, 4, { bias: false }),
  "Conv2d": () => new nn.Conv2d(3, 4, 3),
  "Conv2d stride padding": () => new nn.Conv2d(2, 3, [3, 2], { stride: 2, padding: 1 }),
  "Conv2d dilation": () => new nn.Conv2d(2, 2, 3, { dilation: 2, padding: [2, 1] }),
  "Conv2d groups": () => new nn.Conv2d(4, 6, 3, { groups: 2, stride: [1, 2] }),
  "Conv1d": () => new nn.Conv1d(3, 4, 3, { stride: 2, padding: 1 }),
  "MaxPool2d": () => new nn.MaxPool2d(2),
  "MaxPool2d stride padding ceil": () => new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
  "AvgPool2d padding": () => new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
  "AvgPool2d no pad count ceil": () => new nn.AvgPool2d(2, { padding: 1, countIncludePad: false, ceilMode: true }),
  "AdaptiveAvgPool2d": () => new nn.AdaptiveAvgPool2d([3, 2]),
  "BatchNorm2d train": () => new nn.BatchNorm2d(3),
  "BatchNorm2d eval": () => new nn.BatchNorm2d(3).eval(),
  "BatchNorm1d train": () => new nn.BatchNorm1d(4),
  "LayerNorm": () => new nn.LayerNorm([3, 4]),
  "Embedding": () => new nn.Embedding(5, 3, { paddingIdx: 2 }),
  "ReLU": () => new nn.ReLU(),
  "LeakyReLU": () => new nn.LeakyReLU(0.2),
  "ELU": () => new nn.ELU(1.3),
  "SELU": () => new nn.SELU(),
  "GELU": () => new nn.GELU(),
  "GELU tanh": () => new nn.GELU({ approximate: "tanh" }),
  "Sigmoid": () => new nn.Sigmoid(),
  "Tanh": () => new nn.Tanh(),
  "Softmax": () => new nn.Softmax(1),
  "LogSoftmax": () => new nn.LogSoftmax(1),
  "Flatten": () => new nn.Flatten(),
};

/** PyTorch's snake_case state names → ours (camelCase). */
const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe("layers match PyTorch, forward and backward", () => {
  for (const c of golden.layers) {
    test(c.name, () => {
      const make = layerFactories[c.name];
      assert.ok(make !== undefined, `no factory for golden case "${c.name}"`);
      const m = make();
      const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [camel(k), toTensor(v, k.endsWith("num_batches_tracked") ? "int32" : "float32")]));
      m.loadStateDict(state);
      const isIndex = c.inputGrad === undefined;
      const x = isIndex ? toTensor(c.input, "int32") : toTensor(c.input).requiresGrad_();
      const y = m.forward(x) as Tensor;
      close(y, c.output, "output");
      y.backward(toTensor(c.upstream));
      if (c.inputGrad !== undefined) close(x.grad!, c.inputGrad, "input grad");
      for (const [name, g] of Object.entries(c.grads)) {
        const p = m.namedParameters().find(([n]) => n === camel(name));
        assert.ok(p !== undefined, `parameter ${name}`);
        close(p[1].grad!, g, `grad of ${name}`);
      }
      const after = m.stateDict();
      for (const [k, v] of Object.entries(c.stateAfter)) close(after[camel(k)]!, v, `state ${k} after forward`);
    });
  }
});

describe("losses match PyTorch in value and gradient", () => {
  for (const c of golden.losses) {
    test(c.name, () => {
      const x = toTensor(c.input).requiresGrad_();
      const target = toTensor(c.target, c.targetIsIndex ? "int32" : "float32");
      const o = c.options;
      const reduction = (o["reduction"] as F.Reduction | undefined) ?? "mean";
      const weight = o["weight"] === undefined ? {} : { weight: toTensor(o["weight"] as T) };
      let y: Tensor;
      switch (c.fn) {
        case "cross_entropy":
          y = F.crossEntropy(x, target, { reduction, ...weight, ...(o["label_smoothing"] === undefined ? {} : { labelSmoothing: o["label_smoothing"] as number }), ...(o["ignore_index"] === undefined ? {} : { ignoreIndex: o["ignore_index"] as number }) });
          break;
        case "nll_loss": y = F.nllLoss(x, target, { reduction, ...weight }); break;
        case "mse_loss": y = F.mseLoss(x, target, { reduction }); break;
        case "l1_loss": y = F.l1Loss(x, target, { reduction }); break;
        case "binary_cross_entropy": y = F.binaryCrossEntropy(x, target, { reduction }); break;
        case "binary_cross_entropy_with_logits": y = F.binaryCrossEntropyWithLogits(x, target, { reduction, posWeight: toTensor(o["pos_weight"] as T) }); break;
        default: throw new Error(`unknown loss ${c.fn}`);
      }
      close(y, c.output, "loss");
      y.backward(toTensor(c.upstream));
      close(x.grad!, c.inputGrad, "input grad");
    });
  }
});

const optimizerFactories: Record<string, (p: nn.Parameter[]) => optim.Optimizer<{ lr: number }>> = {
  "SGD": (p) => new optim.SGD(p, { lr: 0.1 }),
  "SGD momentum dampening wd": (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
  "SGD nesterov": (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }),
  "SGD maximize": (p) => new optim.SGD(p, { lr: 0.01, maximize: true }),
  "Adam": (p) => new optim.Adam(p, { lr: 0.01 }),
  "Adam wd amsgrad": (p) => new optim.Adam(p, { lr: 0.01, betas: [0.8, 0.99], weightDecay: 0.1, amsgrad: true }),
  "AdamW": (p) => new optim.AdamW(p, { lr: 0.01 }),
  "RMSprop": (p) => new optim.RMSprop(p, { lr: 0.01 }),
  "RMSprop centered momentum wd": (p) => new optim.RMSprop(p, { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 }),
  "Adagrad": (p) => new optim.Adagrad(p, { lr: 0.1 }),
  "Adagrad decay wd init": (p) => new optim.Adagrad(p, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.01, initialAccumulatorValue: 0.1 }),
};

describe("10 optimizer steps match PyTorch", () => {
  for (const c of golden.optimizers) {
    test(c.name, () => {
      const model = new nn.Linear(4, 3);
      model.loadStateDict(Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, toTensor(v)])));
      const opt = optimizerFactories[c.name]!(model.parameters());
      const x = toTensor(c.x), y = toTensor(c.y);
      c.trace.forEach((expected, step) => {
        opt.zeroGrad();
        F.mseLoss(model.forward(x), y).backward();
        opt.step();
        for (const [k, v] of Object.entries(expected)) close(model.stateDict()[k]!, v, `${k} after step ${step + 1}`);
      });
    });
  }
});

describe("learning-rate schedulers match PyTorch", () => {
  const make: Record<string, (o: optim.SGD) => { step(metric?: number): void }> = {
    StepLR: (o) => new optim.lrScheduler.StepLR(o, 3, { gamma: 0.5 }),
    MultiStepLR: (o) => new optim.lrScheduler.MultiStepLR(o, [2, 5, 9], { gamma: 0.3 }),
    ExponentialLR: (o) => new optim.lrScheduler.ExponentialLR(o, 0.9),
    CosineAnnealingLR: (o) => new optim.lrScheduler.CosineAnnealingLR(o, 10, { etaMin: 0.001 }),
    LinearLR: (o) => new optim.lrScheduler.LinearLR(o, { startFactor: 0.25, endFactor: 1, totalIters: 4 }),
    ReduceLROnPlateau: (o) => new optim.lrScheduler.ReduceLROnPlateau(o, { factor: 0.5, patience: 2 }),
  };
  for (const c of golden.schedulers) {
    test(c.name, () => {
      const o = new optim.SGD([noGrad(() => tensor([0]).requiresGrad_())], { lr: 0.1 });
      const s = make[c.name]!(o);
      c.lrs.forEach((lr, e) => {
        s.step(c.metrics === null ? undefined : c.metrics[e]!);
        assert.ok(Math.abs(o.paramGroups[0]!.lr - lr) <= 1e-12 + 1e-9 * lr, `${c.name} epoch ${e + 1}: ${o.paramGroups[0]!.lr} vs ${lr}`);
      });
    });
  }
});
