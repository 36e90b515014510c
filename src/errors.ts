/**
 * The library's error types. Every message follows one template so users can read it at a glance:
 *   `<Where>: expected <contract>, got <actual>.` and optionally ` Hint: <what to do>`.
 * Each class carries a stable `code` that programs may switch on; messages are for people.
 */

export interface ErrorParts {
  /** The user-facing place: a layer as it prints (`Linear(inFeatures=784, outFeatures=128)`) or an op (`matmul`). */
  where: string;
  expected: string;
  got: string;
  hint?: string;
  cause?: unknown;
}

export function composeMessage(parts: ErrorParts): string {
  const hint = parts.hint === undefined ? "" : ` Hint: ${parts.hint}`;
  return `${parts.where}: expected ${parts.expected}, got ${parts.got}.${hint}`;
}

/** Base of every error this library throws on purpose. */
export abstract class DropoutTsError extends Error {
  abstract readonly code: string;
  constructor(partsOrMessage: ErrorParts | string, options?: { cause?: unknown }) {
    const message = typeof partsOrMessage === "string" ? partsOrMessage : composeMessage(partsOrMessage);
    const cause = typeof partsOrMessage === "string" ? options?.cause : (partsOrMessage.cause ?? options?.cause);
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** A shape, rank or dimension that does not fit the operation. */
export class ShapeError extends DropoutTsError {
  readonly code = "ERR_SHAPE";
}

/** A value outside its allowed range, a wrong type of argument, or an unsupported option. */
export class ValueError extends DropoutTsError {
  readonly code: string = "ERR_VALUE";
}

/** Tensors whose dtypes cannot be combined the way the op needs (PyTorch refuses the same). */
export class DTypeError extends ValueError {
  override readonly code = "ERR_DTYPE";
}

/** Bytes that do not parse: a corrupt, truncated or mislabelled file. */
export class FormatError extends DropoutTsError {
  readonly code = "ERR_FORMAT";
}

/** A compute backend that cannot be loaded or used here. */
export class BackendError extends DropoutTsError {
  readonly code = "ERR_BACKEND";
}

/** Misuse of the autograd graph: a second backward, an in-place change to a saved tensor. */
export class AutogradError extends DropoutTsError {
  readonly code = "ERR_AUTOGRAD";
}
