import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { datasets, keras } from "../../src/node/entry.js";

/** The Keras examples run as written on the real Fashion-MNIST, briefly (--epochs 1 --limit 600). */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dataDir = datasets.defaultDataDir();
const skip = dataDir === undefined ? "no data directory (set DROPOUT_DATA_DIR)" : false;

function runExample(name: string): string {
  return execFileSync(process.execPath, ["--conditions=source", "--import", "tsx", join(repo, "examples", name), "--epochs", "1", "--limit", "600"], { cwd: repo, encoding: "utf8", timeout: 120_000 });
}

describe("Keras examples on the real Fashion-MNIST (smoke)", { skip }, () => {
  for (const [name, total] of [["keras-sequential.ts", "407,050"], ["keras-functional.ts", "535,818"]] as const) {
    test(`${name} runs: summary, one epoch, test accuracy`, () => {
      const out = runExample(name);
      assert.ok(out.includes(`Total params: ${total}`), out);
      assert.match(out, /^Epoch 1\/1$/m);
      const accuracy = Number(/^Test accuracy: (\d\.\d{4})$/m.exec(out)?.[1]);
      assert.ok(accuracy > 0.3, `test accuracy ${accuracy} after one epoch on 600 images (chance: 0.1)\n${out}`);
    });
  }

  const mnistTrain = dataDir !== undefined && ["", "mnist"].some((d) => existsSync(join(dataDir, d, "train-images-idx3-ubyte.gz")));
  test("keras.datasets.mnist.loadData() says the training files are missing (only MNIST's test split is in the shared data)", { skip: mnistTrain ? "MNIST's training files are present here" : false }, () => {
    assert.throws(() => keras.datasets.mnist.loadData(), { name: "ValueError", message: /^MNIST: expected train-images-idx3-ubyte\[\.gz\] and train-labels-idx1-ubyte\[\.gz\] \(the training split\), got no such files in / });
  });
});
