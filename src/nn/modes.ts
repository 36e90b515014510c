import type { Module } from "./module.js";

/**
 * Runs `fn` after `setModes` has switched modules of `model` (train/eval), then puts every
 * module's own mode back — also when fn throws. For evaluate, predict and Monte-Carlo dropout,
 * which must leave a model exactly as they found it (including mixed modes).
 */
export function withModes<T>(model: Module, setModes: () => void, fn: () => T): T {
  const modes = model.modules().map((m) => [m, m.training] as const);
  try {
    setModes();
    return fn();
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}
