import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** Every ```ts block in README.md and docs/*.md runs as written, importing the package by its published name. */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const documents = ["README.md", ...readdirSync(join(repo, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const run = promisify(execFile);

for (const document of documents) {
  const blocks = [...readFileSync(join(repo, document), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Two at a time: each block is its own process, and the machine has two cores.
  describe(`${document} examples`, { concurrency: 2 }, () => {
    test(`${document} has runnable TypeScript examples`, () => assert.ok(blocks.length >= 3));
    blocks.forEach((code, i) => {
      test(`${document} example ${i + 1} runs`, async () => {
        const file = join(repo, "test", `.doc-example-${document.replace(/\W/g, "-")}-${i + 1}.ts`);
        writeFileSync(file, code);
        try {
          await run(process.execPath, ["--conditions=source", "--import", "tsx", file], { cwd: repo, timeout: 60_000 });
        } finally {
          rmSync(file, { force: true });
        }
      });
    });
  });
}
