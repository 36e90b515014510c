import assert from "node:assert/strict";
import { Generator, noGrad, randn, Tensor } from "../../src/index.js";

/**
 * Checks autograd against central finite differences in float64. The output is contracted with a
 * fixed random cotangent so every output element's gradient is exercised, not just their sum.
 */
export function gradcheck(
  name: string,
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: { eps?: number; atol?: number; rtol?: number; seed?: number } = {},
): void {
  const eps = options.eps ?? 1e-6, atol = options.atol ?? 1e-6, rtol = options.rtol ?? 1e-5;
  for (const x of inputs) assert.equal(x.dtype, "float64", `${name}: gradcheck inputs must be float64`);
  const leaves = inputs.map((x) => x.detach().clone().requiresGrad_(x.requiresGrad));
  const out = f(...leaves);
  const cot = randn(out.shape, { dtype: "float64", generator: new Generator({ seed: options.seed ?? 1234 }) });
  out.mul(cot).sum().backward();
  const objective = (xs: Tensor[]): number => noGrad(() => f(...xs).mul(cot).sum().item());
  leaves.forEach((leaf, k) => {
    if (!leaf.requiresGrad) return;
    const base = inputs.map((x) => x.detach().clone());
    const data = base[k]!.storage.data as Float64Array;
    const analytic = leaf.grad === null ? new Float64Array(leaf.numel()) : (leaf.grad.dataSync() as Float64Array);
    assert.deepEqual(leaf.grad?.shape ?? leaf.shape, leaf.shape, `${name}: grad of input ${k} has the input's shape`);
    for (let i = 0; i < data.length; i++) {
      const orig = data[i]!;
      data[i] = orig + eps;
      const up = objective(base);
      data[i] = orig - eps;
      const down = objective(base);
      data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[i]!;
      assert.ok(
        Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric),
        `${name}: d/d(input ${k})[${i}] analytic ${a} vs numeric ${numeric}`,
      );
    }
  });
}

/** A float64 leaf with values from a seeded normal, optionally shifted away from kinks. */
export function leaf(shape: readonly number[], seed: number, transform?: (t: Tensor) => Tensor): Tensor {
  const t = randn(shape, { dtype: "float64", generator: new Generator({ seed }) });
  const v = transform === undefined ? t : noGrad(() => transform(t));
  return v.detach().clone().requiresGrad_();
}
