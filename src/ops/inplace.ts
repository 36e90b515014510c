import { getBackend } from "../backend/registry.js";
import { isGradEnabled } from "../autograd/grad-mode.js";
import type { Node } from "../autograd/node.js";
import { AutogradError, DTypeError, ShapeError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";
import { fmtShape, shapesEqual } from "../util/shape.js";

const category = (d: string): number => (d === "bool" ? 0 : d === "int32" ? 1 : 2);

/** Refuses in-place writes that would corrupt gradients, with PyTorch's rules. */
export function checkInplace(x: Tensor, where: string): void {
  if (!isGradEnabled()) return;
  if (x.isLeaf && x.requiresGrad) {
    throw new AutogradError({
      where,
      expected: "a tensor that is not a leaf requiring grad",
      got: "a leaf tensor with requiresGrad true",
      hint: "in-place changes to parameters belong inside noGrad(() => …), as optimizers do; otherwise use the out-of-place op.",
    });
  }
  if (x.gradFn !== null && (x.gradFn as Node).isView) {
    throw new AutogradError({
      where,
      expected: "an in-place target that is not a view of a tensor requiring grad",
      got: `a view produced by ${x.gradFn.name}`,
      hint: "use the out-of-place op, or clone() the view first.",
    });
  }
}

/**
 * Runs `compute` out of place, writes the result into x's own storage and makes x the result:
 * its version is bumped (so saved copies of the old value are detected) and its grad function
 * becomes the op's.
 */
export function applyInplace(x: Tensor, where: string, compute: (x: Tensor) => Tensor): Tensor {
  checkInplace(x, where);
  const result = compute(x);
  if (!shapesEqual(result.shape, x.shape)) {
    throw new ShapeError({ where, expected: `a result of the target's shape ${fmtShape(x.shape)} (in-place ops cannot broadcast the target)`, got: fmtShape(result.shape) });
  }
  if (category(result.dtype) > category(x.dtype)) {
    throw new DTypeError({ where, expected: `a result that fits the target's dtype ${x.dtype}`, got: `dtype ${result.dtype}`, hint: "use the out-of-place op, which promotes the type." });
  }
  getBackend().copyStrided(result.storage.data, result.offset, result.shape, result.strides, x.storage.data, x.offset, x.strides);
  x.storage.version++;
  if (result.gradFn !== null) {
    x.gradFn = result.gradFn;
    x.requiresGrad = true;
  } else if (!x.isLeaf && isGradEnabled()) {
    // The new value does not depend on anything that requires grad.
    x.gradFn = null;
    x.requiresGrad = false;
  }
  return x;
}

/** Fills every element of x with `value` (no graph). */
export function fillInplace(x: Tensor, value: number, where: string): Tensor {
  checkInplace(x, where);
  const backend = getBackend();
  if (x.isContiguous()) backend.fill(x.storage.data, x.dtype === "bool" ? (value !== 0 ? 1 : 0) : value, x.offset, x.numel());
  else {
    const one = backend.alloc(x.dtype, 1);
    one[0] = value;
    backend.copyStrided(one, 0, x.shape, x.shape.map(() => 0), x.storage.data, x.offset, x.strides);
  }
  x.storage.version++;
  if (!x.isLeaf && isGradEnabled()) {
    x.gradFn = null;
    x.requiresGrad = false;
  }
  return x;
}
