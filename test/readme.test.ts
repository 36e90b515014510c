import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/** Every ```ts block in README.md runs as written, importing the package by its published name. */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(repo, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

test("README has runnable TypeScript examples", () => assert.ok(blocks.length >= 3));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs`, () => {
    const file = join(repo, "test", `.readme-example-${i + 1}.ts`);
    writeFileSync(file, code);
    try {
      execFileSync(process.execPath, ["--conditions=source", "--import", "tsx", file], { cwd: repo, stdio: "pipe", timeout: 60_000 });
    } finally {
      rmSync(file, { force: true });
    }
  });
});
