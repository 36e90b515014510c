import { DTypeError, ValueError } from "../../errors.js";
import { where } from "../../ops/binary.js";
import { indexSelect } from "../../ops/indexing.js";
import { reshape } from "../../ops/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/**
 * Rows of `weight` [num, dim] looked up by int32 `indices` of any shape → [...indices.shape, dim].
 * With `paddingIdx`, that row's lookups pass their value but no gradient (as PyTorch).
 */
export function embedding(indices: Tensor, weight: Tensor, options: { paddingIdx?: number } = {}, whereName = "embedding"): Tensor {
  if (indices.dtype !== "int32") throw new DTypeError({ where: whereName, expected: "int32 indices", got: `dtype ${indices.dtype}`, hint: "create them with { dtype: \"int32\" }." });
  const num = weight.shape[0]!;
  const flat = reshape(indices, [-1]);
  const data = flat.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!(data[i]! >= 0 && data[i]! < num)) throw new ValueError({ where: whereName, expected: `indices in [0, ${num - 1}] (the table has ${num} rows)`, got: `${data[i]} at position ${i}` });
  }
  let rows = indexSelect(weight, 0, flat);
  if (options.paddingIdx !== undefined) {
    const pad = options.paddingIdx;
    const isPad = Tensor.fromArray(Uint8Array.from(data, (v) => (v === pad ? 1 : 0)), [data.length, 1], "bool");
    rows = where(isPad, rows.detach(), rows);
  }
  return reshape(rows, [...indices.shape, weight.shape[1]!]);
}
