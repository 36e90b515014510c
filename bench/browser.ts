/**
 * `npm run bench:browser`: W5 GEMM and W4 dropout on the wasm backend in Chromium (Debian's
 * /usr/bin/chromium or CHROMIUM_PATH), 1 and 2 threads, in a cross-origin isolated page's main
 * thread, in a Web Worker of that page, and in a page without isolation (copy mode, one thread).
 * Prints medians (min–max); timings never go in tests.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { serveStatic } from "../test/browser/static-server.js";
import type { BrowserFigure } from "./browser-page.js";

const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  console.error(`bench:browser: Chromium not found at ${chromiumPath}: install it with \`apt-get install chromium\`, or set CHROMIUM_PATH`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "dropout-ts-bench-"));
try {
  // "dropout-ts" resolves to the package itself, by its "browser" (and "source") conditions.
  await build({ entryPoints: [join(dirname(fileURLToPath(import.meta.url)), "browser-page.ts")], bundle: true, format: "esm", platform: "browser", conditions: ["source"], target: "es2022", outfile: join(dir, "bench.js"), logLevel: "error" });
  writeFileSync(join(dir, "page.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./bench.js"></script>`);
  writeFileSync(join(dir, "worker.html"), `<!doctype html><meta charset="utf-8"><script type="module">
const worker = new Worker("./bench.js", { type: "module" });
globalThis.benchFigures = new Promise((resolve, reject) => { worker.onmessage = (e) => e.data.error === undefined ? resolve(e.data.figures) : reject(new Error(e.data.error)); });
</script>`);
  const server = await serveStatic(dir);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  try {
    const contexts = [["isolated page", "isolated/page.html"], ["Web Worker, isolated", "isolated/worker.html"], ["page, no isolation", "plain/page.html"]] as const;
    const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
    console.log(`Chromium ${browser.version()}, wasm backend; cells are median (min–max).\n`);
    console.log("| where | measure | threads | figure | split |\n| --- | --- | --- | --- | --- |");
    for (const [where, path] of contexts) {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/${path}`);
      await page.waitForFunction(() => "benchFigures" in globalThis);
      const figures = await page.evaluate(() => (globalThis as unknown as { benchFigures: Promise<BrowserFigure[]> }).benchFigures);
      for (const f of figures) console.log(`| ${where} | ${f.measure} | ${f.threads} | ${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)}) | ${f.split ? "yes" : "no"} |`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
