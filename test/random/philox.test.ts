import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fillPhiloxBlocks, mulhi32, philox4x32 } from "../../src/random/philox.js";

const hex = (a: Uint32Array): string[] => [...a].map((x) => x.toString(16).padStart(8, "0"));

function block(c: readonly number[], k: readonly number[]): string[] {
  const out = new Uint32Array(4);
  philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, k[0]!, k[1]!, out, 0);
  return hex(out);
}

/** Philox4x32-10 written from the paper with BigInt arithmetic: slow, but obviously exact. */
function reference(c: readonly number[], k: readonly number[]): string[] {
  const M = 0xffffffffn;
  let [c0, c1, c2, c3] = c.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = k.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * c0;
    const p1 = 0xcd9e8d57n * c2;
    [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0) & M, p1 & M, ((p0 >> 32n) ^ c3 ^ k1) & M, p0 & M];
    k0 = (k0 + 0x9e3779b9n) & M;
    k1 = (k1 + 0xbb67ae85n) & M;
  }
  return [c0, c1, c2, c3].map((x) => x.toString(16).padStart(8, "0"));
}

// A small LCG for test inputs only (independent of the code under test).
function* words(seed: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s;
  }
}

describe("philox4x32-10", () => {
  test("Random123 known-answer vectors (kat_vectors, philox4x32_10)", () => {
    assert.deepEqual(block([0, 0, 0, 0], [0, 0]), ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]);
    const f = 0xffffffff;
    assert.deepEqual(block([f, f, f, f], [f, f]), ["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]);
    assert.deepEqual(block([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]), ["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]);
  });

  test("matches a BigInt reference on 500 pseudo-random counters and keys", () => {
    const w = words(12345);
    for (let i = 0; i < 500; i++) {
      const c = [w.next().value!, w.next().value!, w.next().value!, w.next().value!];
      const k = [w.next().value!, w.next().value!];
      assert.deepEqual(block(c, k), reference(c, k));
    }
  });

  test("mulhi32 is the exact high word of the 64-bit product (as int32), including the extremes", () => {
    const w = words(7);
    const cases: [number, number][] = [[0xffffffff, 0xffffffff], [0xffffffff, 1], [0, 0xffffffff], [0x80000000, 0x80000000], [0xd2511f53, 0xffffffff]];
    for (let i = 0; i < 1000; i++) cases.push([w.next().value!, w.next().value!]);
    for (const [a, b] of cases) assert.equal(mulhi32(a, b) >>> 0, Number((BigInt(a) * BigInt(b)) >> 32n), `${a} * ${b}`);
  });

  test("fillPhiloxBlocks: block i uses counter (lo32(start+i), hi32(start+i), 0, 0), carrying across 2^32", () => {
    const k0 = 0x01234567, k1 = 0x89abcdef;
    for (const start of [0, 2 ** 32 - 2, 2 ** 52 + 2 ** 32 - 1, 5]) {
      const out = new Uint32Array(4 * 4 + 2);
      fillPhiloxBlocks(k0, k1, start, 4, out, 2);
      assert.deepEqual([out[0], out[1]], [0, 0], "writes nothing before outOffset");
      for (let i = 0; i < 4; i++) {
        const c = start + i;
        assert.deepEqual(hex(out.subarray(2 + 4 * i, 6 + 4 * i)), reference([c % 2 ** 32, Math.floor(c / 2 ** 32), 0, 0], [k0, k1]), `start ${start}, block ${i}`);
      }
    }
  });
});
