/**
 * The package entry in browsers (bundlers pick it by the "browser" condition): everything of the
 * universal entry, plus the wasm backend's helper threads as Web Workers where the page is
 * cross-origin isolated. Node.js resolves the package to src/node/entry.ts instead.
 */
export * from "../index.js";
import { registerWebWorkerThreads } from "./web-worker-threads.js";

// Side effect, like src/node/entry.ts's worker_threads: a no-op without cross-origin isolation.
registerWebWorkerThreads();
