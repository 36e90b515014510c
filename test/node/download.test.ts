import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { downloadFile } from "../../src/node/download.js";
import { datasets } from "../../src/node/entry.js";
import { idxBytes } from "../helpers/idx-bytes.js";

/** A local HTTP server on 127.0.0.1 serving fixture bytes, a 404, a truncated body and a stall. */
const dir = mkdtempSync(join(tmpdir(), "dropout-ts-dl-"));
const payload = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
const md5 = (b: Uint8Array): string => createHash("md5").update(b).digest("hex");

const fixtures: Record<string, Uint8Array> = {
  "train-images-idx3-ubyte.gz": gzipSync(idxBytes(0x08, [2, 28, 28], new Uint8Array(2 * 784).fill(128))),
  "train-labels-idx1-ubyte.gz": gzipSync(idxBytes(0x08, [2], Uint8Array.of(4, 7))),
  "t10k-images-idx3-ubyte.gz": gzipSync(idxBytes(0x08, [1, 28, 28], new Uint8Array(784))),
  "t10k-labels-idx1-ubyte.gz": gzipSync(idxBytes(0x08, [1], Uint8Array.of(9))),
};

let server: Server;
let base = "";
let requests = 0;
before(async () => {
  server = createServer((req, res) => {
    requests++;
    const path = req.url ?? "";
    if (path === "/ok.bin") { res.writeHead(200, { "content-length": payload.length }); res.end(payload); return; }
    if (path === "/truncated.bin") { res.writeHead(200, { "content-length": payload.length }); res.write(payload.subarray(0, 100)); res.socket?.destroy(); return; }
    if (path === "/stall.bin") return; // never answers: the client's timeout must end it
    const name = path.replace(/^\/data\//, "");
    if (path.startsWith("/data/") && fixtures[name] !== undefined) { res.writeHead(200, { "content-length": fixtures[name]!.length }); res.end(fixtures[name]); return; }
    res.writeHead(404, { "content-length": 0 }); res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const noTemp = (d: string): void => assert.deepEqual(readdirSync(d).filter((f) => f.includes(".tmp")), [], "no temporary file left");

describe("downloadFile against a local server", () => {
  test("downloads and verifies the checksum, writing the file whole", async () => {
    const dest = join(dir, "a", "ok.bin");
    await downloadFile(`${base}/ok.bin`, dest, { md5: md5(payload) });
    assert.deepEqual(new Uint8Array(readFileSync(dest)), payload);
    noTemp(join(dir, "a"));
  });

  test("a wrong checksum is an error naming both checksums; nothing is written", async () => {
    const dest = join(dir, "b", "ok.bin");
    await assert.rejects(downloadFile(`${base}/ok.bin`, dest, { md5: "0".repeat(32) }), {
      name: "ValueError",
      message: `download of ${base}/ok.bin: expected MD5 ${"0".repeat(32)}, got MD5 ${md5(payload)}. Hint: the file is corrupt or not the published one; nothing was written.`,
    });
    assert.equal(existsSync(dest), false);
  });

  test("an HTTP error status is named", async () => {
    await assert.rejects(downloadFile(`${base}/missing.bin`, join(dir, "c", "x")), { name: "ValueError", message: `download of ${base}/missing.bin: expected HTTP status 200, got 404 Not Found.` });
  });

  test("a body cut short is a truncation error, and nothing is written", async () => {
    const dest = join(dir, "d", "t.bin");
    await assert.rejects(downloadFile(`${base}/truncated.bin`, dest), { name: "ValueError", message: new RegExp(`^download of ${base}/truncated\\.bin: expected a complete response, got a failed transfer`) });
    assert.equal(existsSync(dest), false);
  });

  test("a stalled server ends in a timeout error", async () => {
    await assert.rejects(downloadFile(`${base}/stall.bin`, join(dir, "e", "s"), { timeoutMs: 300 }), { name: "ValueError", message: `download of ${base}/stall.bin: expected a response within 300 ms, got a timeout.` });
  });
});

describe("FashionMNIST.load({ download: true }) against a local server", () => {
  test("fetches the four files from the first mirror that has them, then skips files already present", async () => {
    const resources = { mirrors: [`${base}/nowhere/`, `${base}/data/`], files: Object.entries(fixtures).map(([n, b]) => [n, md5(b)] as const) };
    const root = join(dir, "root");
    const train = await datasets.FashionMNIST.load({ root, train: true, download: true, resources });
    assert.equal(train.length, 2);
    assert.equal(train.get(1)[1].item(), 7);
    const testSet = await datasets.FashionMNIST.load({ root, train: false, download: true, resources });
    assert.equal(testSet.get(0)[1].item(), 9);
    const before = requests;
    await datasets.FashionMNIST.load({ root, train: true, download: true, resources });
    assert.equal(requests, before, "present files are not downloaded again");
  });

  test("a checksum that no mirror matches fails with every mirror's reason", async () => {
    const resources = { mirrors: [`${base}/data/`], files: [["t10k-labels-idx1-ubyte.gz", "f".repeat(32)] as const] };
    await assert.rejects(datasets.downloadMnist(join(dir, "bad"), "fashion-mnist", { resources }), { name: "ValueError", message: /^download of t10k-labels-idx1-ubyte\.gz: expected a mirror that serves it with the published checksum, got 1 failures: download of .* expected MD5 f{32}, got MD5 / });
  });
});
