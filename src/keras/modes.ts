import type { Module } from "../nn/module.js";
import { withModes } from "../nn/modes.js";

/** Runs fn with every module under `module` in training (true) or inference (false) mode, then puts each mode back. */
export function withMode<T>(module: Module, training: boolean, fn: () => T): T {
  return withModes(module, () => module.train(training), fn);
}
