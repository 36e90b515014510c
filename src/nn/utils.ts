import type { FloatArray } from "../backend/dtype.js";
import { noGrad } from "../autograd/grad-mode.js";
import { ShapeError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { normalizeDim } from "../util/shape.js";
import { Module } from "./module.js";

type Params = Iterable<Tensor> | Module;

const list = (params: Params): Tensor[] => (params instanceof Module ? params.parameters() : [...params]);

/** A parameter's (or gradient's) contiguous elements, which optimizers and these utilities update in place. */
function elements(t: Tensor, where: string): FloatArray {
  if (!t.isContiguous()) throw new ShapeError({ where, expected: "contiguous parameters and gradients", got: `a strided tensor of shape [${t.shape.join(", ")}]` });
  return (t.storage.data as FloatArray).subarray(t.offset, t.offset + t.numel());
}

/**
 * Scales all gradients together so their joint p-norm is at most maxNorm (PyTorch's
 * clip_grad_norm_); returns the norm before clipping, as a 0-d tensor.
 */
export function clipGradNorm_(params: Params, maxNorm: number, options: { normType?: number; errorIfNonfinite?: boolean } = {}): Tensor {
  const p = options.normType ?? 2;
  if (!(maxNorm >= 0)) throw new ValueError({ where: "clipGradNorm_", expected: "maxNorm ≥ 0", got: String(maxNorm) });
  if (!(p > 0)) throw new ValueError({ where: "clipGradNorm_", expected: "normType > 0 (or Infinity)", got: String(p) });
  const grads = list(params).map((t) => t.grad).filter((g): g is Tensor => g !== null);
  let total = 0;
  for (const g of grads) {
    for (const v of elements(g, "clipGradNorm_")) total = p === Infinity ? Math.max(total, Math.abs(v)) : total + Math.abs(v) ** p;
  }
  if (p !== Infinity) total = total ** (1 / p);
  if (options.errorIfNonfinite === true && !Number.isFinite(total)) {
    throw new ValueError({ where: "clipGradNorm_", expected: "a finite total gradient norm", got: String(total), hint: "a NaN or infinite gradient; lower the learning rate or check the loss." });
  }
  // PyTorch's rule: scale by maxNorm / (total + 1e-6), only when that is below 1.
  const scale = maxNorm / (total + 1e-6);
  if (scale < 1) {
    for (const g of grads) {
      const e = elements(g, "clipGradNorm_");
      for (let i = 0; i < e.length; i++) e[i] = e[i]! * scale;
      g.storage.version++;
    }
  }
  return Tensor.fromArray(Float32Array.of(total), [], "float32");
}

/** Clamps every gradient element to [−clipValue, clipValue] (PyTorch's clip_grad_value_). */
export function clipGradValue_(params: Params, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError({ where: "clipGradValue_", expected: "clipValue ≥ 0", got: String(clipValue) });
  for (const t of list(params)) {
    if (t.grad === null) continue;
    const e = elements(t.grad, "clipGradValue_");
    for (let i = 0; i < e.length; i++) e[i] = Math.min(Math.max(e[i]!, -clipValue), clipValue);
    t.grad.storage.version++;
  }
}

/**
 * The max-norm constraint of Srivastava et al. (2014, §5.1): every weight vector whose L2 norm over
 * `dim` exceeds maxNorm is scaled down to maxNorm (never up). For a Linear weight [out, in] the
 * default dim 1 constrains each unit's incoming weights; tensors of fewer than 2 dims (biases) are
 * left alone. Runs without recording a graph.
 */
export function maxNorm_(params: Params, maxNorm: number, options: { dim?: number } = {}): void {
  if (!(maxNorm > 0)) throw new ValueError({ where: "maxNorm_", expected: "maxNorm > 0", got: String(maxNorm) });
  noGrad(() => {
    for (const t of list(params)) {
      if (t.shape.length < 2) continue;
      const dim = normalizeDim(options.dim ?? 1, t.shape.length, "maxNorm_");
      // Norms over `dim` for every other index: view t as [outer, size, inner].
      const size = t.shape[dim]!;
      const outer = t.shape.slice(0, dim).reduce((a, b) => a * b, 1), inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const e = elements(t, "maxNorm_");
      let changed = false;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          let sq = 0;
          for (let j = 0; j < size; j++) sq += e[(o * size + j) * inner + i]! ** 2;
          const norm = Math.sqrt(sq);
          if (norm <= maxNorm) continue;
          const scale = maxNorm / norm;
          for (let j = 0; j < size; j++) e[(o * size + j) * inner + i] = e[(o * size + j) * inner + i]! * scale;
          changed = true;
        }
      }
      if (changed) t.storage.version++;
    }
  });
}

/** All parameters flattened and concatenated into one 1-D tensor (a copy). */
export function parametersToVector(params: Params): Tensor {
  const ps = list(params);
  const n = ps.reduce((s, t) => s + t.numel(), 0);
  const out = new Float32Array(n);
  let at = 0;
  for (const t of ps) {
    out.set(t.dataSync(), at);
    at += t.numel();
  }
  return Tensor.fromArray(out, [n], "float32");
}

/** The number of parameter elements (only those that require grad when trainableOnly). */
export function countParameters(params: Params, options: { trainableOnly?: boolean } = {}): number {
  return list(params).filter((t) => options.trainableOnly !== true || t.requiresGrad).reduce((s, t) => s + t.numel(), 0);
}
