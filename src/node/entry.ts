/**
 * The package entry under Node.js: everything of the universal entry, plus what needs the file
 * system or a terminal (datasets from disk and download, save/load, ProgressBar, loggers).
 * Bundlers for the browser resolve the package to src/browser/entry.ts instead (the "browser" condition).
 */
export * from "../index.js";
// Side effect: GEMM helper threads (worker_threads) for the wasm backend.
import "./wasm-threads.js";
export * as datasets from "./datasets.js";
export * as keras from "./keras.js";
export { save, load } from "./save.js";
export { ProgressBar } from "./progress-bar.js";
export { CSVLogger, JSONLLogger } from "./csv-logger.js";
export { ModelCheckpoint, type ModelCheckpointOptions } from "./checkpoint.js";
