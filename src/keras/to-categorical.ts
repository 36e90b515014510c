import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Keras' to_categorical: class indices (any shape; a trailing axis of 1 is dropped, as Keras does)
 * to one-hot float32 rows with `numClasses` columns (default: the largest index + 1).
 */
export function toCategorical(y: Tensor | readonly number[], numClasses?: number): Tensor {
  const where = "keras.utils.toCategorical";
  const labels = y instanceof Tensor ? y : Tensor.fromArray(Float64Array.from(y), [y.length], "float64");
  const shape = labels.shape.length > 1 && labels.shape[labels.shape.length - 1] === 1 ? labels.shape.slice(0, -1) : [...labels.shape];
  const values = labels.dataSync();
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0)) throw new ValueError({ where, expected: "class indices: whole numbers ≥ 0", got: `${v} at position ${i}` });
    if (v > largest) largest = v;
  }
  const classes = numClasses ?? largest + 1;
  if (!(Number.isInteger(classes) && classes > largest && classes > 0)) {
    throw new ValueError({ where, expected: `numClasses to be an integer above the largest class index (${largest})`, got: String(numClasses) });
  }
  const out = new Float32Array(values.length * classes);
  for (let i = 0; i < values.length; i++) out[i * classes + values[i]!] = 1;
  return Tensor.fromArray(out, [...shape, classes], "float32");
}
