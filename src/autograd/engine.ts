import { getBackend } from "../backend/registry.js";
import { AutogradError, ShapeError } from "../errors.js";
import type { Storage } from "../tensor/storage.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, numelOf, shapesEqual } from "../util/shape.js";
import { noGrad } from "./grad-mode.js";
import type { Node } from "./node.js";

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. */
  retainGraph?: boolean;
}

/** a + b for two tensors of the same shape, as a new contiguous tensor (no graph). */
function addSameShape(a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty(a.shape, a.dtype);
  getBackend().binary("add", a.storage.data, a.offset, a.strides, b.storage.data, b.offset, b.strides, out.storage.data, a.shape);
  return out;
}

/** A contiguous copy that owns its storage, so later in-place updates of `.grad` touch nothing else. */
function ownedCopy(t: Tensor, dtype = t.dtype): Tensor {
  const out = Tensor.empty(t.shape, dtype);
  getBackend().copyStrided(t.storage.data, t.offset, t.shape, t.strides, out.storage.data, 0);
  return out;
}

function accumulateIntoLeaf(leaf: Tensor, grad: Tensor): void {
  if (leaf.grad === null) {
    leaf.grad = ownedCopy(grad, leaf.dtype);
  } else {
    const g = leaf.grad;
    // In place, as PyTorch: optimizers and users may hold the .grad tensor.
    getBackend().binary("add", g.storage.data, g.offset, g.strides, grad.storage.data, grad.offset, grad.strides, g.storage.data, g.shape);
    g.storage.version++;
  }
}

/** Computes d(root)/d(leaf) for every leaf reachable from root and accumulates it into `.grad`. */
export function runBackward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new AutogradError({
      where: "backward",
      expected: "a tensor that requires grad (a leaf created with requiresGrad: true, or a result computed from one)",
      got: "a tensor with requiresGrad false and no grad function",
      hint: "check that the parameters have requiresGrad and that the forward pass did not run inside noGrad().",
    });
  }
  let seed: Tensor;
  if (gradient === undefined) {
    if (numelOf(root.shape) !== 1) {
      throw new AutogradError({
        where: "backward",
        expected: "a scalar output when no gradient is given",
        got: `shape ${fmtShape(root.shape)}`,
        hint: "reduce the output first (e.g. loss.sum() or loss.mean()), or pass backward(gradient) with a gradient of that shape.",
      });
    }
    seed = Tensor.empty(root.shape, root.dtype);
    seed.storage.data[0] = 1;
  } else {
    if (!shapesEqual(gradient.shape, root.shape)) {
      throw new ShapeError({ where: "backward", expected: `a gradient of the output's shape ${fmtShape(root.shape)}`, got: fmtShape(gradient.shape) });
    }
    seed = gradient;
  }
  noGrad(() => propagate(root, seed, options.retainGraph === true));
}

function propagate(root: Tensor, seed: Tensor, retainGraph: boolean): void {
  if (root.gradFn === null) {
    accumulateIntoLeaf(root, seed);
    return;
  }
  const start = root.gradFn as Node;
  // Count, for every node reachable from the root, how many edges lead into it.
  const pending = new Map<Node, number>([[start, 0]]);
  const stack: Node[] = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.next) {
      if (edge?.node === undefined) continue;
      const seen = pending.get(edge.node);
      pending.set(edge.node, (seen ?? 0) + 1);
      if (seen === undefined) stack.push(edge.node);
    }
  }
  // Kahn's order: a node runs once every gradient flowing into it has been summed.
  const buffers = new Map<Node, Tensor>([[start, seed]]);
  const pool = new BufferUses(seed);
  const ready: Node[] = [start];
  const countDown = (child: Node): void => {
    const left = pending.get(child)! - 1;
    pending.set(child, left);
    if (left > 0) return;
    if (buffers.has(child)) ready.push(child);
    // No gradient reached this node: its inputs get none from it either.
    else for (const edge of child.next) if (edge?.node !== undefined) countDown(edge.node);
  };
  while (ready.length > 0) {
    const node = ready.pop()!;
    const grad = buffers.get(node)!;
    buffers.delete(node);
    const inputGrads = node.apply(grad, retainGraph);
    const consumed: Tensor[] = [grad];
    node.next.forEach((edge, i) => {
      if (edge === null) return;
      const g = inputGrads[i];
      if (edge.leaf !== undefined) {
        if (g !== null && g !== undefined) {
          accumulateIntoLeaf(edge.leaf, g);
          consumed.push(g);
        }
        return;
      }
      if (g !== null && g !== undefined) {
        const prev = buffers.get(edge.node);
        if (prev === undefined) {
          buffers.set(edge.node, g);
          pool.hold(g);
        } else {
          const sum = addSameShape(prev, g);
          buffers.set(edge.node, sum);
          pool.hold(sum);
          pool.release(prev);
          consumed.push(prev, g);
        }
      }
      countDown(edge.node);
    });
    pool.release(grad);
    if (!retainGraph) pool.freeUnheld(consumed);
  }
}

/**
 * Which storages the pending gradient buffers use, so that a buffer no other pending buffer shares
 * goes back to the backend (wasm: its arena) as soon as it is consumed, instead of waiting for a
 * major GC. The seed (possibly the user's tensor) is never freed; with retainGraph nothing is.
 */
class BufferUses {
  private readonly uses = new Map<Storage, number>();

  constructor(private readonly seed: Tensor) {
    this.hold(seed);
  }

  hold(t: Tensor): void {
    this.uses.set(t.storage, (this.uses.get(t.storage) ?? 0) + 1);
  }

  release(t: Tensor): void {
    const n = this.uses.get(t.storage)! - 1;
    if (n === 0) this.uses.delete(t.storage);
    else this.uses.set(t.storage, n);
  }

  freeUnheld(tensors: readonly Tensor[]): void {
    const free = getBackend().free;
    if (free === undefined) return;
    const done = new Set<Storage>();
    for (const t of tensors) {
      const storage = t.storage;
      if (storage === this.seed.storage || this.uses.has(storage) || done.has(storage)) continue;
      done.add(storage);
      free(storage.data);
    }
  }
}
