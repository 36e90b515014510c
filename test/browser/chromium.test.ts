/**
 * The wasm backend in a real browser (Debian's Chromium, driven by playwright-core): the browser
 * entry bundled by esbuild, served from 127.0.0.1 once with the cross-origin isolation headers
 * (shared memory, Web Worker helper threads) and once without (copy mode, one thread).
 * Skips, saying how to install it, where Chromium is missing.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { serveStatic, type StaticServer } from "./static-server.js";
import type { PageReport } from "./page-checks.js";

const here = dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const missing = existsSync(chromiumPath)
  ? false
  : `Chromium not found at ${chromiumPath}: install it with \`apt-get install chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary`;

// Each test skips on its own (rather than the suite), so the run counts them as skipped, with the hint.
describe("the wasm backend in Chromium", { timeout: 90_000 }, () => {
  let dir = "", server: StaticServer | null = null, browser: Browser | null = null;
  let isolated: PageReport | null = null;

  before(async () => {
    if (missing !== false) return;
    dir = mkdtempSync(join(tmpdir(), "dropout-ts-browser-"));
    await build({ entryPoints: [join(here, "page-checks.ts")], bundle: true, format: "esm", platform: "browser", target: "es2022", outfile: join(dir, "page-checks.js"), logLevel: "error" });
    for (const page of ["page.html", "worker.html"]) copyFileSync(join(here, page), join(dir, page));
    server = await serveStatic(dir);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  /** Loads the page and returns its report; an uncaught error in the page fails the test with its message. */
  async function report(mode: "isolated" | "plain" | "isolated-no-blob-workers", file = "page.html"): Promise<PageReport> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(`${server!.origin}/${mode}/${file}`);
      await page.waitForFunction(() => "dropoutReport" in globalThis, null, { timeout: 20_000 }).catch(() => {
        throw new Error(`the ${mode} page never ran its checks; page errors: ${errors.join("; ") || "none"}`);
      });
      return await page.evaluate(() => (globalThis as unknown as { dropoutReport: Promise<PageReport> }).dropoutReport);
    } finally {
      await page.close();
    }
  }

  test("cross-origin isolated: shared memory, two Web Worker helpers, results bit-identical to one thread and to js", { skip: missing }, async () => {
    const r = (isolated = await report("isolated"));
    assert.equal(r.inWorker, false);
    assert.equal(r.crossOriginIsolated, true);
    assert.equal(r.sharedArrayBuffer, true);
    assert.equal(r.backend, "wasm");
    assert.ok(r.variant === "simd" || r.variant === "relaxed-simd", `variant ${r.variant}`);
    assert.equal(r.resident, true, "tensors live in the shared wasm memory");
    assert.equal(r.threadsUp, 2, "two threads up (the page and one Web Worker helper)");
    assert.equal(r.threadsStopped, false);
    assert.equal(r.numThreads, 2);
    assert.ok(r.gemmParallelCalls > 0, "the 1024×128·128×512 GEMM was split over the helper");
    assert.equal(r.gemmTwoThreads, r.gemmOneThread, "GEMM on two threads: the same bytes as on one");
    assert.ok(r.dropoutParallelCalls > 0, "the 2^19-element dropout mask was split over the helper");
    assert.equal(r.dropoutWasm, r.dropoutJs, "dropout output bit-identical to the js backend for the same seed");
    assertLearns(r.losses);
  });

  for (const how of ["kill", "terminate"] as const) {
    const what = how === "kill" ? "exits on its next call (test hook)" : "has its Worker terminated";
    test(`cross-origin isolated: a helper that ${what} fails the call with a BackendError, then one thread takes over`, { skip: missing }, () => {
      assert.ok(isolated !== null, "the isolated page ran");
      const death = isolated.helperDeath?.[how] ?? null;
      assert.ok(death !== null, "the helpers came up for the death test");
      assert.equal(death.name, "BackendError", death.error);
      assert.equal(death.error, "wasm backend: expected a kernel helper thread to finish within 300 ms, got no answer (the thread died or hangs). Hint: threads are now off for this backend; the next call runs on one thread.");
      assert.ok(death.ms < 5000, `failed after ${death.ms.toFixed(0)} ms, not hung`);
      assert.equal(death.threadsAfter, 1);
      assert.equal(death.recovered, true, "the next GEMM, on one thread, gives the one-thread result");
    });
  }

  test("cross-origin isolated, the library inside a Web Worker: nested helper workers, the same results", { skip: missing }, async () => {
    const r = await report("isolated", "worker.html");
    assert.equal(r.inWorker, true);
    assert.equal(r.crossOriginIsolated, true);
    assert.equal(r.resident, true);
    assert.equal(r.threadsUp, 2, "two threads up (the worker and one nested helper)");
    assert.ok(r.gemmParallelCalls > 0 && r.dropoutParallelCalls > 0, "GEMM and dropout mask split");
    assert.equal(r.gemmTwoThreads, r.gemmOneThread);
    assert.equal(r.dropoutWasm, r.dropoutJs);
    assert.ok(isolated !== null, "the isolated page ran");
    assert.equal(r.gemmOneThread, isolated.gemmOneThread, "the same GEMM bytes as the page");
    assert.deepEqual(r.losses, isolated.losses, "the same training losses as the page");
    for (const how of ["kill", "terminate"] as const) {
      assert.equal(r.helperDeath?.[how]?.name, "BackendError", `${how}: ${r.helperDeath?.[how]?.error}`);
      assert.equal(r.helperDeath?.[how]?.recovered, true, how);
    }
  });

  test("cross-origin isolated, but a Content-Security-Policy forbids blob: workers: one thread over shared memory, same results", { skip: missing }, async () => {
    const r = await report("isolated-no-blob-workers");
    assert.equal(r.crossOriginIsolated, true);
    assert.equal(r.resident, true, "tensors still in the shared memory");
    assert.equal(r.threadsUp, 1);
    assert.equal(r.threadsStopped, true, "no helper could start, and the pool knows it");
    assert.equal(r.gemmParallelCalls, 0);
    assert.equal(r.dropoutParallelCalls, 0);
    assert.equal(r.dropoutWasm, r.dropoutJs);
    assert.ok(isolated !== null, "the isolated page ran");
    assert.equal(r.gemmOneThread, isolated.gemmOneThread, "the same GEMM bytes as the isolated page");
    assert.deepEqual(r.losses, isolated.losses, "the same training losses as the isolated page");
  });

  test("without the isolation headers: no SharedArrayBuffer, the wasm backend copies on one thread, same results", { skip: missing }, async () => {
    const r = await report("plain");
    assert.equal(r.crossOriginIsolated, false);
    assert.equal(r.sharedArrayBuffer, false);
    assert.equal(r.backend, "wasm");
    assert.equal(r.resident, false, "copy mode: tensors in JS arrays");
    assert.equal(r.numThreads, 1, "no helper spawner registered");
    assert.equal(r.gemmParallelCalls, 0);
    assert.equal(r.dropoutParallelCalls, 0);
    assert.equal(r.gemmTwoThreads, r.gemmOneThread);
    assert.equal(r.dropoutWasm, r.dropoutJs, "dropout output bit-identical to the js backend");
    assertLearns(r.losses);
    assert.ok(isolated !== null, "the isolated page ran");
    assert.equal(r.gemmOneThread, isolated.gemmOneThread, "the same GEMM bytes as the isolated page");
    assert.equal(r.dropoutWasm, isolated.dropoutWasm, "the same dropout bytes as the isolated page");
    assert.deepEqual(r.losses, isolated.losses, "the same training losses as the isolated page");
  });
});

/** 30 Adam steps of an MLP with dropout: the last five losses average well below the first five. */
function assertLearns(losses: number[]): void {
  assert.equal(losses.length, 30);
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const first = mean(losses.slice(0, 5)), last = mean(losses.slice(-5));
  assert.ok(losses.every(Number.isFinite) && last < 0.8 * first, `loss ${first.toFixed(4)} → ${last.toFixed(4)}`);
}
