import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseIdx, parseIdxImages, parseIdxLabels } from "../../src/io/idx.js";

/** IDX bytes built in code: magic (0, 0, type, rank), big-endian dims, then data. */
function idx(type: number, dims: number[], data: ArrayLike<number>, extra = 0, missing = 0): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length - missing + extra);
  out.set([0, 0, type, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data).slice(0, data.length - missing), header);
  return out;
}

describe("IDX parsing", () => {
  test("reads uint8 images and labels", () => {
    const images = parseIdxImages(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]), "imgs");
    assert.deepEqual([images.count, images.rows, images.cols], [2, 2, 3]);
    assert.equal(images.pixels[11], 255);
    assert.deepEqual(Array.from(parseIdxLabels(idx(0x08, [3], [0, 9, 4]), "labels")), [0, 9, 4]);
  });

  test("reads big-endian int32", () => {
    const bytes = idx(0x0c, [2], [0, 0, 1, 2, 255, 255, 255, 254]);
    assert.deepEqual(Array.from(parseIdx(bytes, "ints").data), [258, -2]);
  });

  test("corrupt and truncated files give FormatErrors naming the file and the problem", () => {
    const truncated = idx(0x08, [60000, 28, 28], new Uint8Array(1200000));
    assert.throws(() => parseIdx(truncated, "train-images-idx3-ubyte"), {
      name: "FormatError",
      message: 'IDX file "train-images-idx3-ubyte": truncated: header declares 60000 items of 784 bytes but 1200000 bytes follow the 16-byte header.',
    });
    assert.throws(() => parseIdx(Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0), "x"), { name: "FormatError", message: 'IDX file "x": expected a magic number starting with two zero bytes, got 0x50 0x4b. Hint: this is not an IDX file.' });
    assert.throws(() => parseIdx(idx(0x07, [1], [0]), "x"), { name: "FormatError", message: 'IDX file "x": expected a type code of 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e, got 0x07.' });
    assert.throws(() => parseIdx(idx(0x08, [2], [1, 2], 3), "x"), { name: "FormatError", message: 'IDX file "x": 3 unexpected bytes after the 2 bytes of data the header declares.' });
    assert.throws(() => parseIdx(Uint8Array.of(0, 0, 8), "x"), { name: "FormatError", message: 'IDX file "x": truncated: 3 bytes, shorter than the 4-byte magic number.' });
    assert.throws(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0), "x.gz"), { name: "FormatError" });
  });

  test("labels out of range and images of the wrong rank are refused", () => {
    assert.throws(() => parseIdxLabels(idx(0x08, [3], [1, 12, 3]), "labels"), { name: "FormatError", message: 'IDX file "labels": expected labels in [0, 9], got 12 at index 1.' });
    assert.throws(() => parseIdxImages(idx(0x08, [4], [1, 2, 3, 4]), "imgs"), { name: "FormatError", message: 'IDX file "imgs": expected uint8 images with 3 dimensions (count × rows × cols), got uint8 data with 1 dimensions [4].' });
  });
});
