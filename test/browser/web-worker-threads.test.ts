/** The browser entry under Node.js: its Web Worker spawner must not register (Node's own comes from src/node/). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { getNumThreads, setNumThreads } from "../../src/browser/entry.js";
import { registerWebWorkerThreads, webWorkerThreadsAvailable } from "../../src/browser/web-worker-threads.js";

test("under Node the Web Worker spawner stays unregistered: one thread whatever is asked", () => {
  assert.equal(webWorkerThreadsAvailable(), false, "Node is not a cross-origin isolated page");
  assert.equal(registerWebWorkerThreads(), false);
  setNumThreads(2);
  assert.equal(getNumThreads(), 1, "no spawner registered");
});
