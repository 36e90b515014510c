import { ValueError } from "../errors.js";

/**
 * The allocations a memory scope (autograd/tidy.ts) may free when it closes. A backend that manages
 * its own memory (wasm) reports each array it hands out from that memory; the garbage collector
 * cannot see that memory fill up, so a training step's temporaries are returned here, at the step's
 * end, rather than at the next major GC.
 */
export interface AllocationScope {
  /** Arrays handed out since the scope opened (and not passed on by an inner scope), with their free. */
  readonly arrays: ArrayBufferView[];
  readonly frees: ((array: ArrayBufferView) => void)[];
}

const open: AllocationScope[] = [];

/** Called by a backend for every array from its own memory; a no-op outside scopes. */
export function noteAllocation(array: ArrayBufferView, free: (array: ArrayBufferView) => void): void {
  const scope = open[open.length - 1];
  if (scope === undefined) return;
  scope.arrays.push(array);
  scope.frees.push(free);
}

export function openAllocationScope(): AllocationScope {
  const scope: AllocationScope = { arrays: [], frees: [] };
  open.push(scope);
  return scope;
}

/**
 * Closes `scope` (the innermost one): arrays `keep` approves pass to the enclosing scope, if any (it
 * decides later), or are left to the garbage collector; the others are freed now.
 */
export function closeAllocationScope(scope: AllocationScope, keep: (index: number) => boolean): void {
  if (open[open.length - 1] !== scope) throw new ValueError({ where: "tidy", expected: "memory scopes closed innermost first", got: "an outer scope closed while an inner one was open" });
  open.pop();
  const outer = open[open.length - 1];
  scope.arrays.forEach((array, i) => {
    if (!keep(i)) scope.frees[i]!(array);
    else if (outer !== undefined) {
      outer.arrays.push(array);
      outer.frees.push(scope.frees[i]!);
    }
  });
}

/** Whether any scope is open (the wasm backend skips the bookkeeping otherwise). */
export function inAllocationScope(): boolean {
  return open.length > 0;
}
