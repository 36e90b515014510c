import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normalFill, uniformFill } from "../../src/random/distributions.js";
import { defaultGenerator, Generator, getDefaultGenerator, manualSeed } from "../../src/random/generator.js";

const SEED_RANGE = "expected seed to be an integer in [0, 2^53 − 1]";

describe("seeding", () => {
  test("the seed splits into key0 = low 32 bits, key1 = high bits", () => {
    assert.deepEqual(new Generator({ seed: 2 ** 32 + 5 }).reserve(0), { key0: 5, key1: 1, offset: 0 });
    assert.deepEqual(new Generator({ seed: 2 ** 53 - 1 }).reserve(0), { key0: 0xffffffff, key1: 0x1fffff, offset: 0 });
  });

  test("new Generator() starts from PyTorch's default seed; manualSeed reseeds and rewinds", () => {
    const g = new Generator();
    assert.equal(g.initialSeed(), 67280421310721);
    g.uniform(new Float32Array(10));
    assert.equal(g.manualSeed(9), g);
    assert.deepEqual(g.getState(), { seed: 9, offset: 0 });
  });

  test("same seed gives identical draws, different seeds different ones", () => {
    const draw = (seed: number): Float32Array => new Generator({ seed }).uniform(new Float32Array(64));
    assert.deepEqual(draw(5), draw(5));
    assert.notDeepEqual(draw(5), draw(6));
    assert.notDeepEqual(draw(0), draw(2 ** 32)); // key1 matters
  });

  test("the default generator is seeded at load; manualSeed reseeds it and returns it", () => {
    assert.equal(getDefaultGenerator(), defaultGenerator);
    assert.ok(Number.isSafeInteger(defaultGenerator.initialSeed()) && defaultGenerator.initialSeed() >= 0);
    assert.equal(manualSeed(123), defaultGenerator);
    assert.deepEqual(defaultGenerator.getState(), { seed: 123, offset: 0 });
    const a = defaultGenerator.normal(new Float64Array(8));
    manualSeed(123);
    assert.deepEqual(defaultGenerator.normal(new Float64Array(8)), a);
  });

  test("seed() picks a fresh safe-integer seed", () => {
    const g = new Generator({ seed: 1 });
    const s = g.seed();
    assert.ok(Number.isSafeInteger(s) && s >= 0);
    assert.deepEqual(g.getState(), { seed: s, offset: 0 });
  });

  test("invalid seeds are refused with the full message", () => {
    assert.throws(() => new Generator({ seed: -1 }), { name: "ValueError", message: `Generator: ${SEED_RANGE}, got -1.` });
    assert.throws(() => new Generator({ seed: 1.5 }), { name: "ValueError", message: `Generator: ${SEED_RANGE}, got 1.5.` });
    assert.throws(() => new Generator().manualSeed(NaN), { name: "ValueError", message: `Generator.manualSeed: ${SEED_RANGE}, got NaN.` });
    assert.throws(() => manualSeed(2 ** 53), {
      name: "ValueError",
      message: `manualSeed: ${SEED_RANGE}, got 9007199254740992. Hint: seeds above 2^53 − 1 are not exact JavaScript numbers.`,
    });
    assert.throws(() => manualSeed("7" as unknown as number), { name: "ValueError", message: `manualSeed: ${SEED_RANGE}, got 7 (string).` });
    assert.throws(() => new Generator().setState({ seed: 1, offset: -2 }), { name: "ValueError", message: "Generator.setState: expected offset to be a non-negative integer, got -2." });
    assert.throws(() => new Generator().setState({ seed: Infinity, offset: 0 }), { name: "ValueError", message: `Generator.setState: ${SEED_RANGE}, got Infinity.` });
  });
});

describe("state and offsets", () => {
  test("getState/setState reproduce the stream, also on another generator", () => {
    const g = new Generator({ seed: 42 });
    g.uniform(new Float32Array(13));
    const state = g.getState();
    const a = g.normal(new Float32Array(21));
    const ai = g.randint(new Int32Array(9), -5, 17);
    g.setState(state);
    assert.deepEqual(g.normal(new Float32Array(21)), a);
    assert.deepEqual(g.randint(new Int32Array(9), -5, 17), ai);
    const h = new Generator().setState(state);
    assert.deepEqual(h.normal(new Float32Array(21)), a);
  });

  test("reserve() hands out consecutive, disjoint block ranges", () => {
    const g = new Generator({ seed: 3 });
    const sizes = [5, 0, 1, 1000, 7];
    let expected = 0;
    for (const n of sizes) {
      assert.deepEqual(g.reserve(n), { key0: 3, key1: 0, offset: expected });
      expected += n;
    }
    assert.equal(g.getState().offset, expected);
    assert.throws(() => g.reserve(-1), { name: "ValueError", message: "Generator.reserve: expected nBlocks to be a non-negative integer, got -1." });
  });

  test("draws consume whole blocks and equal the pure fills at the old offset", () => {
    const g = new Generator({ seed: 11 });
    g.reserve(4);
    const f = g.uniform(new Float32Array(5), -1, 1);
    assert.equal(g.getState().offset, 4 + 2);
    const f2 = new Float32Array(5);
    uniformFill(f2, 11, 0, 4, -1, 1);
    assert.deepEqual(f, f2);
    g.uniform(new Float64Array(5));
    assert.equal(g.getState().offset, 6 + 3);
    const n = g.normal(new Float64Array(5), 1, 2);
    assert.equal(g.getState().offset, 9 + 2);
    const n2 = new Float64Array(5);
    normalFill(n2, 11, 0, 9, 1, 2);
    assert.deepEqual(n, n2);
    g.randint(new Int32Array(8), -(2 ** 31), 2 ** 31); // full range: no rejections, 8 words
    assert.equal(g.getState().offset, 11 + 2);
  });

  test("uniform and normal validate their parameters", () => {
    const g = new Generator();
    assert.throws(() => g.uniform(new Float32Array(1), 1, 0), { name: "ValueError", message: "Generator.uniform: expected low <= high with a finite high − low, got low=1, high=0." });
    assert.throws(() => g.uniform(new Float32Array(1), NaN, 1), { name: "ValueError", message: "Generator.uniform: expected low to be a finite number, got NaN." });
    assert.throws(() => g.normal(new Float32Array(1), 0, -1), { name: "ValueError", message: "Generator.normal: expected std to be a finite number >= 0, got -1." });
    assert.equal(g.getState().offset, 0, "nothing consumed by a refused call");
  });
});

describe("integers", () => {
  test("randint stays in [low, high) and covers it", () => {
    const x = new Generator({ seed: 8 }).randint(new Int32Array(10_000), -3, 4);
    assert.ok(x.every((v) => v >= -3 && v < 4));
    assert.equal(new Set(x).size, 7);
  });

  test("randint is unbiased where modulo would not be: range 3·2^30, P(first third) = 1/3 within 5σ", () => {
    // Plain w mod 3·2^30 would put probability 1/2 on the first third.
    const n = 100_000, low = -(2 ** 31);
    const x = new Generator({ seed: 19 }).randint(new Int32Array(n), low, low + 3 * 2 ** 30);
    let first = 0;
    for (const v of x) if (v < low + 2 ** 30) first++;
    assert.ok(Math.abs(first / n - 1 / 3) <= 5 * Math.sqrt((1 / 3) * (2 / 3) / n), `fraction ${first / n}`);
  });

  test("randint validates its range", () => {
    const g = new Generator();
    assert.throws(() => g.randint(new Int32Array(1), 3, 3), { name: "ValueError", message: "Generator.randint: expected integers low < high within [−2^31, 2^31], got low=3, high=3." });
    assert.throws(() => g.randint(new Int32Array(1), 0, 2 ** 31 + 1), { name: "ValueError" });
    assert.throws(() => g.randint(new Int32Array(1), 0.5, 2), { name: "ValueError" });
  });

  test("randperm gives permutations, reproducibly", () => {
    for (const n of [0, 1, 2, 1000]) {
      const p = new Generator({ seed: n }).randperm(n);
      assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }
    assert.deepEqual(new Generator({ seed: 4 }).randperm(50), new Generator({ seed: 4 }).randperm(50));
    assert.throws(() => new Generator().randperm(-1), { name: "ValueError", message: "Generator.randperm: expected n to be a non-negative integer, got -1." });
  });

  test("randperm(3) hits the 6 orders uniformly: χ² with 5 dof within 5 + 5·√10", () => {
    const g = new Generator({ seed: 2718 });
    const trials = 60_000, counts = new Map<string, number>();
    for (let t = 0; t < trials; t++) {
      const key = g.randperm(3).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.equal(counts.size, 6);
    const e = trials / 6;
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - e) ** 2 / e;
    assert.ok(Math.abs(chi2 - 5) <= 5 * Math.sqrt(10), `chi2 ${chi2}`);
  });
});
