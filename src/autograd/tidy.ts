import { closeAllocationScope, openAllocationScope, type AllocationScope } from "../backend/alloc-scope.js";
import type { TypedArray } from "../backend/dtype.js";
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { Node } from "./node.js";

/**
 * Explicit memory scopes, as TensorFlow.js' tf.tidy. The wasm backend's tensors live in WebAssembly
 * memory, which the garbage collector neither sees fill up nor reclaims before a major GC; a scope
 * returns what a block of work allocated as soon as it ends.
 *
 * What survives: everything reachable from the value `fn` returns and from the `keep` roots
 * (a model, an optimizer: their parameters, gradients, buffers and state, found by walking their
 * fields, Maps, Sets and arrays). Everything else the scope allocated is freed — so a tensor kept
 * only in a closure or a global is lost. While backward can still run through a graph reachable from
 * what survives, nothing is freed (a backward closure may hold any of the forward's arrays).
 */
export interface TidyOptions {
  /** Objects whose tensors outlive the scope (models, optimizers, losses, arrays of tensors …). */
  keep?: readonly unknown[];
}

export function tidy<T>(fn: () => T, options: TidyOptions = {}): T {
  const scope = openMemoryScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scope.close([]);
    throw error;
  }
  if (result instanceof Promise) {
    scope.close([result]);
    throw new ValueError({ where: "tidy", expected: "a synchronous function", got: "a function returning a Promise", hint: "await outside tidy, or wrap each synchronous step in its own tidy." });
  }
  scope.close([result, ...(options.keep ?? [])]);
  return result;
}

/** A scope opened and closed by hand, for loops that cannot be one function (fit's steps). */
export interface MemoryScope {
  /** Frees the scope's arrays that nothing in `roots` reaches (all of them kept if a live graph is reached). */
  close(roots: readonly unknown[]): void;
}

export function openMemoryScope(): MemoryScope {
  const scope = openAllocationScope();
  return { close: (roots) => closeScope(scope, roots) };
}

/**
 * The items of `items` (a DataLoader's batches), each fetched and used inside its own scope, which
 * closes when the loop asks for the next one or ends: for training loops whose bodies keep nothing
 * across steps but numbers and what `keep` reaches (the items themselves are freed too).
 */
export function* tidyEach<T>(items: Iterable<T>, options: TidyOptions = {}): Generator<T, void, undefined> {
  const roots = [items, ...(options.keep ?? [])];
  const iterator = items[Symbol.iterator]();
  for (;;) {
    const scope = openMemoryScope();
    try {
      const next = iterator.next();
      if (next.done === true) return;
      yield next.value;
    } finally {
      scope.close(roots);
    }
  }
}

function closeScope(scope: AllocationScope, roots: readonly unknown[]): void {
  if (scope.arrays.length === 0) {
    closeAllocationScope(scope, () => true);
    return;
  }
  const reached = reachableArrays(roots);
  if (reached === "live graph") {
    closeAllocationScope(scope, () => true);
    return;
  }
  // A block is kept when a reached view starts inside it (views and subarrays share its memory).
  // Blocks are keyed by their start: an array the engine freed early and a later one reusing its
  // block share it, and freeing the stale one again is a no-op.
  const arrays = scope.arrays;
  const starts = [...new Set(arrays.map((a) => a.byteOffset))].sort((a, b) => a - b);
  const sizeAt = new Map<number, number>();
  for (const a of arrays) sizeAt.set(a.byteOffset, Math.max(sizeAt.get(a.byteOffset) ?? 0, a.byteLength, 1));
  const keptStarts = new Set<number>();
  for (const view of reached) {
    if (!(typeof SharedArrayBuffer === "function" && view.buffer instanceof SharedArrayBuffer)) continue;
    const at = view.byteOffset;
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= at) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found >= 0 && at < starts[found]! + sizeAt.get(starts[found]!)!) keptStarts.add(starts[found]!);
  }
  closeAllocationScope(scope, (i) => keptStarts.has(arrays[i]!.byteOffset));
}

/** Every typed array reachable from `roots`, or "live graph" if a graph that backward can still run through is. */
function reachableArrays(roots: readonly unknown[]): TypedArray[] | "live graph" {
  const seen = new Set<object>();
  const arrays: TypedArray[] = [];
  const stack: object[] = [];
  // Only objects go on the stack: a long array of numbers (a Subset's indices) costs one pass, no pushes.
  const visit = (v: unknown): void => { if (typeof v === "object" && v !== null && !seen.has(v)) stack.push(v); };
  roots.forEach(visit);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (!(v instanceof DataView)) arrays.push(v as TypedArray);
      continue;
    }
    if (v instanceof Tensor) {
      arrays.push(v.storage.data);
      if (v.gradFn instanceof Node && v.gradFn.isLive) return "live graph";
      // grad, and any fields a subclass adds.
      for (const [key, value] of Object.entries(v)) if (key !== "storage" && key !== "gradFn" && key !== "shape" && key !== "strides") visit(value);
      continue;
    }
    if (v instanceof Node) {
      if (v.isLive) return "live graph";
      continue;
    }
    if (v instanceof Map) {
      for (const [key, value] of v) { visit(key); visit(value); }
      continue;
    }
    if (v instanceof Set || Array.isArray(v)) {
      for (const item of v) visit(item);
      continue;
    }
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && v instanceof SharedArrayBuffer)) continue;
    for (const value of Object.values(v)) visit(value);
  }
  return arrays;
}
