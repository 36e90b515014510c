import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, describe, test } from "node:test";
import { datasets } from "../../src/node/entry.js";
import { idxBytes } from "../helpers/idx-bytes.js";

const dir = mkdtempSync(join(tmpdir(), "dropout-ts-mnist-"));
after(() => rmSync(dir, { recursive: true, force: true }));


describe("MNIST and FashionMNIST from files", () => {
  test("reads gzip and raw files, in root or root/<kind>", () => {
    const root = join(dir, "ok");
    const images = idxBytes(0x08, [3, 28, 28], new Uint8Array(3 * 784).fill(255));
    const labels = idxBytes(0x08, [3], Uint8Array.of(1, 2, 3));
    rmSync(root, { recursive: true, force: true });
    ensureDir(join(root, "fashion-mnist"));
    writeFileSync(join(root, "fashion-mnist", "t10k-images-idx3-ubyte.gz"), gzipSync(images));
    writeFileSync(join(root, "fashion-mnist", "t10k-labels-idx1-ubyte"), labels);
    const ds = new datasets.FashionMNIST({ root, train: false });
    assert.equal(ds.length, 3);
    const [x, y] = ds.get(2);
    assert.deepEqual(x.shape, [1, 28, 28]);
    assert.equal(x.max().item(), 1);
    assert.equal(y.item(), 3);
  });

  test("missing files: the error says where it looked and how to fix it", () => {
    const root = join(dir, "empty");
    ensureDir(root);
    assert.throws(() => new datasets.MNIST({ root, train: true }), {
      name: "ValueError",
      message: `MNIST: expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] (the training split), got no such files in "${root}", "${join(root, "mnist")}", "${join(root, "MNIST", "raw")}". Hint: use await datasets.MNIST.load({ root, download: true }) to fetch them, or point root (or the DROPOUT_DATA_DIR environment variable) at a folder that has them.`,
    });
  });

  test("a corrupt gzip file is a FormatError naming the file, not a raw zlib stack", () => {
    const root = join(dir, "corrupt");
    ensureDir(root);
    const gz = gzipSync(idxBytes(0x08, [1, 28, 28], new Uint8Array(784)));
    writeFileSync(join(root, "t10k-images-idx3-ubyte.gz"), gz.subarray(0, gz.length - 10));
    writeFileSync(join(root, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [1], Uint8Array.of(0)));
    assert.throws(() => new datasets.MNIST({ root, train: false }), { name: "FormatError", message: new RegExp(`^gzip file "${join(root, "t10k-images-idx3-ubyte.gz").replace(/[.]/g, "\\.")}": expected a complete gzip stream, got data that does not decompress`) });
  });

  test("a truncated IDX file names the file and the byte counts", () => {
    const root = join(dir, "truncated");
    ensureDir(root);
    writeFileSync(join(root, "t10k-images-idx3-ubyte"), idxBytes(0x08, [2, 28, 28], new Uint8Array(784)));
    writeFileSync(join(root, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [2], Uint8Array.of(0, 1)));
    assert.throws(() => new datasets.MNIST({ root, train: false }), { name: "FormatError", message: 'IDX file "t10k-images-idx3-ubyte": truncated: header declares 2 items of 784 bytes but 784 bytes follow the 16-byte header.' });
  });
});

function ensureDir(p: string): void {
  mkdirSync(p, { recursive: true });
}
