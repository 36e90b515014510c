import { itemSize } from "../backend/dtype.js";
import { AutogradError } from "../errors.js";
import type { GradFnRef, Tensor } from "../tensor/tensor.js";
import { isGradEnabled } from "./grad-mode.js";

/** Where a gradient flows next: another node, or a leaf tensor that accumulates it into `.grad`. */
export type Edge = { readonly node: Node; readonly leaf?: undefined } | { readonly node?: undefined; readonly leaf: Tensor };

/** Computes the gradients of an op's inputs from the gradient of its output. `needs[i]` is false for inputs that need none. */
export type BackwardFn = (grad: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

interface Saved {
  readonly tensor: Tensor;
  readonly version: number;
}

/** One recorded op in the graph (PyTorch's grad_fn). */
export class Node implements GradFnRef {
  readonly next: readonly (Edge | null)[];
  private backwardFn: BackwardFn | null;
  private saved: Saved[];
  /** Bytes of state the op keeps besides saved tensors (e.g. a bit-packed mask). */
  private extraBytes: number;

  constructor(readonly name: string, inputs: readonly Tensor[], backward: BackwardFn, saved: readonly Tensor[], extraBytes: number, readonly isView: boolean) {
    this.next = inputs.map(edgeTo);
    this.backwardFn = backward;
    this.saved = saved.map((tensor) => ({ tensor, version: tensor.version }));
    this.extraBytes = extraBytes;
  }

  /** Whether backward can still run through this node (its closure may hold any of the forward's arrays). */
  get isLive(): boolean {
    return this.backwardFn !== null;
  }

  savedBytes(): number {
    let bytes = this.extraBytes;
    for (const s of this.saved) bytes += s.tensor.numel() * itemSize(s.tensor.dtype);
    return bytes;
  }

  /** Runs the backward function once; frees it afterwards unless the graph is retained. */
  apply(grad: Tensor, retainGraph: boolean): readonly (Tensor | null)[] {
    const fn = this.backwardFn;
    if (fn === null) {
      throw new AutogradError(
        `backward: the graph through ${this.name} was already freed by an earlier backward(). Hint: pass { retainGraph: true } to the first backward() if you need to run backward through the same graph twice.`,
      );
    }
    for (const s of this.saved) {
      if (s.tensor.version !== s.version) {
        throw new AutogradError({
          where: `backward through ${this.name}`,
          expected: `a tensor saved for backward to be unchanged (version ${s.version})`,
          got: `version ${s.tensor.version}: it was modified by an in-place operation after it was used`,
          hint: "use the out-of-place form of the later operation (e.g. x.mul(y) instead of x.mul_(y)), or clone() the tensor before changing it.",
        });
      }
    }
    const needs = this.next.map((e) => e !== null);
    const grads = fn(grad, needs);
    if (!retainGraph) {
      this.backwardFn = null;
      this.saved = [];
      this.extraBytes = 0;
    }
    return grads;
  }
}

function edgeTo(t: Tensor): Edge | null {
  if (t.gradFn !== null) return { node: t.gradFn as Node };
  if (t.requiresGrad) return { leaf: t };
  return null;
}

export interface RecordOptions {
  /** Tensors the backward reads, checked against in-place changes. */
  saved?: readonly Tensor[];
  /** Bytes kept besides saved tensors (reported by savedBytes()). */
  extraBytes?: number;
  /** The output is a view of the first input (in-place writes to it are refused while grad is recorded). */
  isView?: boolean;
}

/** True when an op on these inputs should be recorded. */
export function needsGrad(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/** Attaches a backward node to `output` when grad mode is on and any input requires grad. Returns output. */
export function record(name: string, inputs: readonly Tensor[], output: Tensor, backward: BackwardFn, options: RecordOptions = {}): Tensor {
  if (!needsGrad(inputs)) return output;
  output.gradFn = new Node(name, inputs, backward, options.saved ?? [], options.extraBytes ?? 0, options.isView ?? false);
  output.requiresGrad = true;
  return output;
}
