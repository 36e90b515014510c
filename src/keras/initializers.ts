import { ValueError } from "../errors.js";
import { kaimingNormal_, kaimingUniform_, normal_, ones_, uniform_, xavierNormal_, xavierUniform_, zeros_ } from "../nn/init.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Keras' initializer names over nn.init. Glorot/He take fans from a weight laid out as ours
 * ([out, in, …kernel]); they are the same numbers Keras computes from its [.., in, out] kernels.
 */
const INITIALIZERS = {
  glorot_uniform: (t: Tensor) => xavierUniform_(t),
  glorot_normal: (t: Tensor) => xavierNormal_(t),
  he_uniform: (t: Tensor) => kaimingUniform_(t, { nonlinearity: "relu" }),
  he_normal: (t: Tensor) => kaimingNormal_(t, { nonlinearity: "relu" }),
  random_uniform: (t: Tensor) => uniform_(t, { a: -0.05, b: 0.05 }),
  random_normal: (t: Tensor) => normal_(t, { mean: 0, std: 0.05 }),
  zeros: (t: Tensor) => zeros_(t),
  ones: (t: Tensor) => ones_(t),
} as const satisfies Record<string, (t: Tensor) => Tensor>;

export type InitializerName = keyof typeof INITIALIZERS;

export function checkInitializer(name: string | undefined, fallback: InitializerName, where: string): InitializerName {
  if (name === undefined) return fallback;
  if (!Object.hasOwn(INITIALIZERS, name)) {
    throw new ValueError({ where, expected: `a kernelInitializer among ${Object.keys(INITIALIZERS).map((n) => `"${n}"`).join(", ")}`, got: JSON.stringify(name) });
  }
  return name as InitializerName;
}

export function initialize(t: Tensor, name: InitializerName): void {
  INITIALIZERS[name](t);
}
