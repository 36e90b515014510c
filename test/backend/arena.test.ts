import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Arena } from "../../src/backend/wasm/arena.js";

const MIB = 1 << 20;
const shared = (pages = 1): WebAssembly.Memory => new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });

describe("wasm arena", () => {
  test("hands out zero-filled, 64-byte-aligned views of the memory that it recognises as resident", () => {
    const arena = new Arena(shared(), 1024, 64 * MIB);
    const a = arena.alloc("float32", 100), b = arena.alloc("int32", 3), c = arena.alloc("bool", 1);
    for (const x of [a, b, c]) {
      assert.ok(arena.isResident(x));
      assert.equal(x.byteOffset % 64, 0);
      assert.ok(x.every((v) => v === 0));
    }
    assert.ok(arena.isResident(a.subarray(5)), "a subarray of a resident view is resident");
    assert.ok(!arena.isResident(new Float32Array(4)), "a JS array is not");
    assert.equal(a.length, 100);
  });

  test("reuses a freed block of the same size class, zeroed again", () => {
    const arena = new Arena(shared(), 1024, 64 * MIB);
    const a = arena.alloc("float32", 1000);
    a.fill(3);
    const at = a.byteOffset;
    assert.ok(arena.freeArray(a));
    assert.ok(!arena.freeArray(a), "a second free is refused");
    const b = arena.alloc("float32", 900);
    assert.equal(b.byteOffset, at);
    assert.ok(b.every((v) => v === 0));
    assert.equal(arena.stats().freeBytes, 0);
  });

  test("an unzeroed alloc keeps a reused block's bytes, or gets the poison fill when one is set", () => {
    const arena = new Arena(shared(), 1024, 64 * MIB);
    const a = arena.alloc("float32", 1000);
    a.fill(3);
    arena.freeArray(a);
    const b = arena.alloc("float32", 1000, false);
    assert.equal(b.byteOffset, a.byteOffset);
    assert.ok(b.every((v) => v === 3), "not zeroed: the output's kernel overwrites it");
    const poisoned = new Arena(shared(), 1024, 64 * MIB, MIB, MIB, undefined, (ptr, bytes) => new Uint8Array(poisoned.memory.buffer, ptr, bytes).fill(0xff));
    const fresh = poisoned.alloc("float32", 10, false), zeroed = poisoned.alloc("float32", 10);
    assert.ok(fresh.every((v) => Number.isNaN(v)), "poison reaches fresh memory too");
    assert.ok(zeroed.every((v) => v === 0), "a zeroed alloc is never poisoned");
  });

  test("the test suite runs the wasm backend with poisoned outputs (npm test's --import)", async () => {
    const { createWasmBackend } = await import("../../src/backend/wasm/wasm-backend.js");
    assert.equal(process.env["DROPOUT_WASM_POISON"], "1");
    const out = createWasmBackend().allocUninitialized!("float32", 16);
    assert.ok(out.every((v) => Number.isNaN(v)));
  });

  test("views stay valid when the memory grows (shared memory never detaches)", () => {
    const arena = new Arena(shared(), 1024, 256 * MIB, MIB);
    const a = arena.alloc("float32", 10);
    a[3] = 5;
    const before = arena.stats().memoryBytes;
    const big = arena.alloc("float32", 4 * MIB);
    assert.ok(arena.stats().memoryBytes > before);
    assert.equal(a[3], 5);
    a[4] = 6;
    assert.equal(new Float32Array(arena.memory.buffer, a.byteOffset, 10)[4], 6);
    assert.ok(arena.isResident(big) && arena.isResident(a), "views over the old and the new buffer are both resident");
  });

  test("above the cap, alloc falls back to JS arrays and counts them; the memory stops growing", () => {
    const arena = new Arena(shared(), 1024, 2 * MIB, MIB);
    const kept = [];
    for (let i = 0; i < 8; i++) kept.push(arena.alloc("float32", 128 * 1024));
    const { memoryBytes, fallbacks } = arena.stats();
    assert.ok(memoryBytes <= 2 * MIB, `memory ${memoryBytes}`);
    assert.ok(fallbacks >= 4, `fallbacks ${fallbacks}`);
    assert.ok(kept.some((a) => !arena.isResident(a)) && kept.every((a) => a.length === 128 * 1024 && a.every((v) => v === 0)));
  });

  test("a plain (non-shared) memory gets no resident views: they would detach on growth", () => {
    const arena = new Arena(new WebAssembly.Memory({ initial: 1, maximum: 65536 }), 1024, 64 * MIB);
    assert.equal(arena.residentViews, false);
    assert.ok(!arena.isResident(arena.alloc("float32", 10)));
    const p = arena.allocBytes(100, true);
    assert.ok(p >= 1024, "scratch blocks still come from the memory");
  });

  test("blocks of views that are garbage-collected return to the free lists", { skip: typeof globalThis.gc !== "function" ? "needs node --expose-gc" : false }, async () => {
    const arena = new Arena(shared(), 1024, 64 * MIB);
    for (let i = 0; i < 100; i++) arena.alloc("float32", 1000);
    for (let i = 0; i < 5 && arena.stats().finalized < 100; i++) {
      globalThis.gc!();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(arena.stats().finalized, 100);
    assert.equal(arena.stats().liveBytes, 0);
  });
});
