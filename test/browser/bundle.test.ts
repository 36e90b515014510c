/** The package as a browser bundler sees it: "dropout-ts" resolves to the browser entry, and nothing of src/node/ or node:* comes along. */
import assert from "node:assert/strict";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("esbuild for the browser resolves the package to src/browser/entry.ts, without src/node/ or node:* modules", async () => {
  const result = await build({
    stdin: { contents: 'export * from "dropout-ts";', resolveDir: repo, loader: "ts" },
    bundle: true, format: "esm", platform: "browser", conditions: ["source"], write: false, metafile: true, logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes("src/browser/entry.ts"), `inputs: ${inputs.filter((f) => f.includes("entry")).join(", ")}`);
  assert.ok(inputs.includes("src/browser/web-worker-threads.ts"));
  assert.deepEqual(inputs.filter((f) => f.startsWith("src/node/") || f.startsWith("node:")), []);
});
