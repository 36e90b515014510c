import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fromSafetensors, toSafetensors } from "../../src/io/safetensors.js";
import { arange, tensor } from "../../src/index.js";

describe("safetensors", () => {
  test("round-trips every dtype with metadata", () => {
    const sd = { "fc.weight": arange(6).reshape(2, 3), "fc.bias": tensor([1, 2], { dtype: "float64" }), idx: tensor([3, 4], { dtype: "int32" }), mask: tensor([true, false]) };
    const bytes = toSafetensors(sd, { epoch: "3" });
    const back = fromSafetensors(bytes);
    assert.deepEqual(back.metadata, { epoch: "3" });
    for (const [k, v] of Object.entries(sd)) {
      assert.equal(back.tensors[k]!.dtype, v.dtype, k);
      assert.deepEqual(back.tensors[k]!.toArray(), v.toArray(), k);
    }
  });

  test("the header follows the format: little-endian length, JSON with data_offsets, 8-byte aligned", () => {
    const bytes = toSafetensors({ a: tensor([1.5]) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal((8 + n) % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    assert.deepEqual(header, { a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } });
    assert.equal(new Float32Array(bytes.slice(8 + n).buffer)[0], 1.5);
  });

  test("corrupt files give a FormatError naming the file and the problem", () => {
    const good = toSafetensors({ a: arange(4) });
    assert.throws(() => fromSafetensors(good.subarray(0, 5), "m.safetensors"), { name: "FormatError", message: 'safetensors file "m.safetensors": expected at least the 8-byte header length, got 5 bytes.' });
    assert.throws(() => fromSafetensors(good.subarray(0, good.length - 4), "m.safetensors"), { name: "FormatError", message: /^safetensors file "m.safetensors": expected tensor "a" of shape \[4\] to span 16 bytes inside the 12-byte data section/ });
    const bad = good.slice();
    bad[9] = 0x7b;
    bad[10] = 0x7b;
    assert.throws(() => fromSafetensors(bad, "m.safetensors"), { name: "FormatError", message: 'safetensors file "m.safetensors": expected a JSON header, got text that does not parse.' });
  });
});
