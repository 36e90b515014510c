import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, describe, test } from "node:test";
import { keras } from "../../src/node/entry.js";
import { idxBytes } from "../helpers/idx-bytes.js";

const dir = mkdtempSync(join(tmpdir(), "dropout-ts-keras-datasets-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeSplit(folder: string, prefix: "train" | "t10k", pixels: number[], labels: number[]): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${prefix}-images-idx3-ubyte.gz`), gzipSync(idxBytes(0x08, [labels.length, 2, 2], Uint8Array.from(pixels))));
  writeFileSync(join(folder, `${prefix}-labels-idx1-ubyte`), idxBytes(0x08, [labels.length], Uint8Array.from(labels)));
}

describe("keras.datasets", () => {
  test("fashionMnist.loadData() → [[xTrain, yTrain], [xTest, yTest]]: pixels 0–255 as float32 [N, H, W], labels int32 [N]", () => {
    const root = join(dir, "fashion");
    writeSplit(join(root, "fashion-mnist"), "train", [0, 1, 2, 255, 10, 20, 30, 40], [9, 0]);
    writeSplit(join(root, "fashion-mnist"), "t10k", [5, 6, 7, 8], [3]);
    const [[xTrain, yTrain], [xTest, yTest]] = keras.datasets.fashionMnist.loadData({ root });
    assert.deepEqual([xTrain.shape, xTrain.dtype, yTrain.shape, yTrain.dtype], [[2, 2, 2], "float32", [2], "int32"]);
    assert.deepEqual(xTrain.toArray(), [[[0, 1], [2, 255]], [[10, 20], [30, 40]]]);
    assert.deepEqual(yTrain.toArray(), [9, 0]);
    assert.deepEqual([xTest.toArray(), yTest.toArray()], [[[[5, 6], [7, 8]]], [3]]);
  });

  test("a missing split is an error naming the files and the folders searched", () => {
    const root = join(dir, "only-test");
    writeSplit(root, "t10k", [1, 2, 3, 4], [1]);
    assert.throws(() => keras.datasets.mnist.loadData({ root }), {
      name: "ValueError",
      message: `MNIST: expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (the training split), got no such files in "${root}", "${join(root, "mnist")}", "${join(root, "MNIST", "raw")}". Hint: use await datasets.MNIST.load({ root, download: true }) to fetch them, or point root (or the DROPOUT_DATA_DIR environment variable) at a folder that has them.`,
    });
  });
});
