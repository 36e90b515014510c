/** Helper threads for the wasm backend's GEMM under Node.js: worker_threads over the shared memory. */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { helperSource, registerHelperSpawner } from "../backend/wasm/kernel-threads.js";

/** CommonJS, for `new Worker(code, { eval: true })`: the operands come in workerData. */
const NODE_HELPER_SOURCE = helperSource(`
const { workerData } = require("node:worker_threads");
runHelper(workerData.module, workerData.memory, workerData.control, () => process.exit(1));
`);

registerHelperSpawner((module, memory, control, failed) => {
  const worker = new Worker(NODE_HELPER_SOURCE, { eval: true, workerData: { module, memory, control } });
  // A helper waits in Atomics.wait between calls: it must not keep the process alive.
  worker.unref();
  worker.on("error", failed);
  return { terminate: () => void worker.terminate() };
}, availableParallelism());
