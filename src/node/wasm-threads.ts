/** Helper threads for the wasm backend's GEMM under Node.js: worker_threads over the shared memory. */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { HELPER_SOURCE, registerHelperSpawner } from "../backend/wasm/kernel-threads.js";

registerHelperSpawner((module, memory, control) => {
  const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { module, memory, control } });
  // A helper waits in Atomics.wait between calls: it must not keep the process alive.
  worker.unref();
  worker.on("error", () => {});
  return { terminate: () => void worker.terminate() };
}, availableParallelism());
