import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getBackend, setBackend, tensor, zeros } from "../../src/index.js";
import { createWasmBackend } from "../../src/backend/wasm/wasm-backend.js";

describe("wasm backend storage", () => {
  const previous = getBackend().name;

  test("tensors created on the wasm backend live in its memory; on js they do not", () => {
    setBackend("wasm");
    const wasm = getBackend();
    assert.ok(wasm.isResident!(zeros([3, 4]).storage.data), "Tensor.empty goes through the backend");
    assert.ok(wasm.isResident!(tensor([1, 2, 3]).storage.data), "tensor() goes through allocArray, which follows the backend");
    setBackend("js");
    assert.ok(!wasm.isResident!(tensor([1, 2, 3]).storage.data));
    setBackend(previous);
  });

  test("free returns a block at once, and the next allocation of its size class reuses it", () => {
    const backend = createWasmBackend();
    const a = backend.alloc("float32", 1000);
    const live = backend.memoryStats!().liveBytes;
    backend.free!(a);
    assert.equal(backend.memoryStats!().liveBytes, live - 4096);
    const b = backend.alloc("float32", 1024);
    assert.equal(b.byteOffset, a.byteOffset);
    b.fill(5);
    backend.free!(b);
    const c = backend.alloc("int32", 1023);
    assert.equal(c.byteOffset, a.byteOffset);
    assert.ok(c.every((v) => v === 0), "a reused block is zeroed again");
  });

  test("past the cap and for large arrays, alloc hands out JS arrays, which every kernel accepts", () => {
    const backend = createWasmBackend({ arenaCapBytes: 8 << 20 });
    const big = backend.alloc("float32", 1 << 20);
    assert.ok(!backend.isResident!(big), "4 MiB ≥ cap/8: a JS array");
    const x = backend.alloc("float32", 1000), out = new Float32Array(1000);
    x.fill(-1, 0, 500).fill(2, 500);
    backend.unary("relu", x, 0, 1000, out);
    assert.equal(out[0], 0);
    assert.equal(out[999], 2);
  });

  test("a custom cap bounds the memory", () => {
    const backend = createWasmBackend({ arenaCapBytes: 4 << 20 });
    for (let i = 0; i < 100; i++) backend.alloc("float32", 64 * 1024);
    assert.ok(backend.memoryStats!().memoryBytes <= 4 << 20);
    assert.ok(backend.memoryStats!().fallbacks > 0);
  });
});
