import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * DESIGN.md §2: a layer imports only from layers to its left. Layers sharing a rank may import
 * each other. Only node/ and cli/ may import node:* modules, so browser bundles stay clean.
 */
const order: readonly (readonly string[])[] = [
  ["errors", "util"],
  ["random"],
  ["backend"],
  ["tensor"],
  ["autograd"],
  ["ops"],
  ["nn/functional"],
  ["nn"],
  ["nn/modules"],
  ["optim"],
  ["data"],
  ["io"],
  ["datasets"],
  ["train"],
  ["keras"],
  ["namespaces"],
  ["index"],
  // The platform layers: each entry re-exports index and adds its platform's code (DESIGN.md §2).
  ["node", "cli", "browser"],
];

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const srcDir = join(repo, "src");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The layer of a file under src/: nn/functional and nn/modules are their own layers; nn/*.ts is "nn". */
function layerOf(file: string): string {
  const parts = relative(srcDir, file).split(sep);
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, "");
  if (parts[0] === "nn" && parts.length > 2) return `nn/${parts[1]}`;
  return parts[0]!;
}

function rankOf(layer: string): number {
  const r = order.findIndex((group) => group.includes(layer));
  assert.ok(r >= 0, `layer "${layer}" is not placed in the dependency order of DESIGN.md §2`);
  return r;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push(m[1]!);
  for (const m of text.matchAll(/declare module\s+"([^"]+)"/g)) found.push(m[1]!);
  return found;
}

describe("dependency direction (DESIGN.md §2)", () => {
  const files = walk(srcDir);

  test("every src/ import points left (or within its own layer)", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
        const to = layerOf(target);
        if (rankOf(to) > rankOf(from)) violations.push(`${relative(repo, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    assert.deepEqual(violations, []);
  });

  test("only node/ and cli/ import node:* modules", () => {
    const violations = files
      .filter((f) => !["node", "cli"].includes(layerOf(f)))
      .flatMap((f) => importsOf(f).filter((s) => s.startsWith("node:") || ["fs", "path", "http", "https", "zlib", "crypto", "os", "url"].includes(s)).map((s) => `${relative(repo, f)} imports ${s}`));
    assert.deepEqual(violations, []);
  });

  test("the platform layers node/ and browser/ never import each other", () => {
    const violations = files
      .filter((f) => ["node", "browser"].includes(layerOf(f)))
      .flatMap((f) => importsOf(f).filter((s) => s.startsWith(".")).map((s) => ({ s, to: layerOf(resolve(dirname(f), s.replace(/\.js$/, ".ts"))) }))
        .filter(({ to }) => to !== layerOf(f) && ["node", "browser"].includes(to)).map(({ s }) => `${relative(repo, f)} imports ${s}`));
    assert.deepEqual(violations, []);
  });

  test("backend/ never imports the tensor layer", () => {
    const violations = files
      .filter((f) => layerOf(f) === "backend")
      .flatMap((f) => importsOf(f).filter((s) => s.includes("tensor/")).map((s) => `${relative(repo, f)} imports ${s}`));
    assert.deepEqual(violations, []);
  });

  test("examples/, bench/ and web/ use the published entry, never paths inside src/", () => {
    const outside = ["examples", "bench", "web"].flatMap((d) => {
      try { return walk(join(repo, d)); } catch { return []; }
    });
    const violations = outside.flatMap((f) => importsOf(f).filter((s) => s.includes("/src/") || s.startsWith("../src")).map((s) => `${relative(repo, f)} imports ${s}`));
    assert.deepEqual(violations, []);
  });

  test("the checker sees imports (it would catch a violation)", () => {
    assert.ok(files.length > 10);
    assert.ok(importsOf(join(srcDir, "index.ts")).length > 5);
    assert.throws(() => rankOf("not-a-layer"));
    assert.ok(rankOf("tensor") > rankOf("backend"));
  });
});
