import type { Module } from "../nn/module.js";

/** Runs fn with every module under `module` in training (true) or inference (false) mode, then puts each mode back. */
export function withMode<T>(module: Module, training: boolean, fn: () => T): T {
  const modes = module.modules().map((m) => [m, m.training] as const);
  module.train(training);
  try {
    return fn();
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}
