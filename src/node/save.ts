import { readFileSync } from "node:fs";
import { fromSafetensors, toSafetensors } from "../io/safetensors.js";
import type { Tensor } from "../index.js";
import { writeFileAtomic } from "./atomic-write.js";

/** Saves a state dict (or any named tensors) as a .safetensors file, atomically. */
export function save(stateDict: Record<string, Tensor>, path: string, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, toSafetensors(stateDict, metadata));
}

/** Loads the tensors of a .safetensors file (written by us or by PyTorch's safetensors). */
export function load(path: string): Record<string, Tensor> {
  return fromSafetensors(readFileSync(path), path).tensors;
}
