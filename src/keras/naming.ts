/**
 * Keras' automatic names: the class name in snake_case with a per-session counter ("dense",
 * "dense_1", …; inputs count from 1: "input_1"), so summaries and errors read as in Keras.
 */
const counters = new Map<string, number>();

/** Keras' to_snake_case: "MaxPooling2D" → "max_pooling2d", "Conv2D" → "conv2d". */
export function toSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The next free name for `prefix`: zero-based ("dense", "dense_1") as Keras' layers, or one-based ("input_1") as its inputs. */
export function uniqueName(prefix: string, options: { zeroBased?: boolean } = {}): string {
  const zeroBased = options.zeroBased ?? true;
  const used = counters.get(prefix) ?? 0;
  counters.set(prefix, used + 1);
  const index = zeroBased ? used : used + 1;
  return index === 0 ? prefix : `${prefix}_${index}`;
}

/** Keras' backend.clear_session(): restarts the name counters (so a new program's layers are "dense", "dense_1" again). */
export function clearSession(): void {
  counters.clear();
}
