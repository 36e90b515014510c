/**
 * Helper threads for the wasm backend in a browser: Web Workers over the shared memory. Only where
 * the page is cross-origin isolated (the Cross-Origin-Opener-Policy and -Embedder-Policy headers):
 * elsewhere there is no SharedArrayBuffer, the wasm backend runs its copy mode on one thread, and
 * nothing is registered.
 */
import { helperSource, registerHelperSpawner } from "../backend/wasm/kernel-threads.js";

/** A classic worker script: the operands arrive in the first message, then the helper loop runs for good. */
const WEB_WORKER_HELPER_SOURCE = helperSource(`
self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, control } = event.data;
  // A helper that dies (test hook): close, and throw to leave the loop without answering.
  runHelper(module, memory, control, () => { self.close(); throw new Error("kernel helper stopped (test hook)"); });
};
`);

interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

/** Whether this runtime can run helpers as Web Workers over shared memory. */
export function webWorkerThreadsAvailable(): boolean {
  const g = globalThis as BrowserGlobals;
  return g.crossOriginIsolated === true && typeof SharedArrayBuffer === "function" && typeof Worker === "function"
    && typeof Blob === "function" && typeof URL?.createObjectURL === "function";
}

/** Registers the Web Worker spawner where it can work; returns whether it did. */
export function registerWebWorkerThreads(): boolean {
  if (!webWorkerThreadsAvailable()) return false;
  let scriptUrl: string | null = null;
  registerHelperSpawner((module, memory, control, failed) => {
    // One Blob URL for all helpers, made on the first spawn (a page that never splits a GEMM makes none).
    scriptUrl ??= URL.createObjectURL(new Blob([WEB_WORKER_HELPER_SOURCE], { type: "text/javascript" }));
    const worker = new Worker(scriptUrl, { name: "dropout-ts kernel helper" });
    // Also a script the page's Content-Security-Policy blocks (worker-src without blob:): the
    // Worker exists but never runs. A helper that dies mid-call is caught by the caller's deadline.
    worker.onerror = (event) => {
      event.preventDefault();
      failed();
    };
    worker.postMessage({ module, memory, control });
    return { terminate: () => worker.terminate() };
  }, (globalThis as BrowserGlobals).navigator?.hardwareConcurrency ?? 1);
  return true;
}
