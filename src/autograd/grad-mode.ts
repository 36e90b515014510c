import { ValueError } from "../errors.js";

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

export function setGradEnabled(enabled: boolean): void {
  gradEnabled = enabled;
}

function withGradMode<T>(enabled: boolean, where: string, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new ValueError({
        where,
        expected: "a synchronous function",
        got: "a function that returned a Promise",
        hint: "the grad mode would be restored before the awaited work runs; call it inside each synchronous step instead.",
      });
    }
    return result;
  } finally {
    gradEnabled = previous;
  }
}

/** Runs fn with gradient recording off (PyTorch's `with torch.no_grad()`). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, "noGrad", fn);
}

/** Runs fn with gradient recording on, e.g. inside a noGrad region. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, "enableGrad", fn);
}
