import { ValueError } from "../errors.js";
import { elu, gelu, leakyRelu, relu, selu, sigmoid, softmax, tanh } from "../nn/functional/activation.js";
import type { Tensor } from "../tensor/tensor.js";

/** Keras' activation names, each our functional op (softmax over the last axis, as Keras). */
const ACTIVATIONS = {
  linear: (x: Tensor) => x,
  relu,
  sigmoid,
  tanh,
  softmax: (x: Tensor) => softmax(x, -1),
  elu: (x: Tensor) => elu(x),
  selu,
  gelu: (x: Tensor) => gelu(x),
  leaky_relu: (x: Tensor) => leakyRelu(x, 0.2), // Keras' default slope is 0.2 (PyTorch's 0.01)
} as const satisfies Record<string, (x: Tensor) => Tensor>;

export type ActivationName = keyof typeof ACTIVATIONS;

export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/** Checks a Keras activation string; undefined means "linear", as in Keras. */
export function checkActivation(name: string | undefined, where: string): ActivationName {
  if (name === undefined) return "linear";
  if (!Object.hasOwn(ACTIVATIONS, name)) {
    throw new ValueError({ where, expected: `an activation among ${ACTIVATION_NAMES.map((n) => `"${n}"`).join(", ")}`, got: JSON.stringify(name) });
  }
  return name as ActivationName;
}

export function applyActivation(name: ActivationName, x: Tensor): Tensor {
  return ACTIVATIONS[name](x);
}
