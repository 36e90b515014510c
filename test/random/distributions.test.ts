import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bernoulliFill, blocksFor, dropMaskBits, normalFill, threshold, uniformFill } from "../../src/random/distributions.js";
import { fillPhiloxBlocks } from "../../src/random/philox.js";

const K0 = 0x2545f491, K1 = 0x4f6c;
const N = 1_000_000;

/** Stream words 0 .. nWords−1 at `offset`, straight from the block layout. */
function streamWords(nWords: number, offset: number): Uint32Array {
  const w = new Uint32Array(4 * blocksFor(nWords));
  fillPhiloxBlocks(K0, K1, offset, blocksFor(nWords), w);
  return w.subarray(0, nWords);
}

function meanVar(x: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const m = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - m) ** 2;
  return [m, ss / (x.length - 1)];
}

const bit = (mask: Uint32Array, i: number): number => (mask[i >>> 5]! >>> (i & 31)) & 1;

describe("word rules (what a WebAssembly backend must reproduce)", () => {
  test("uniform float32 is (w >>> 8)·2^-24; float64 takes two words, 53 bits", () => {
    const w = streamWords(2 * 9, 11);
    const f = new Float32Array(9), d = new Float64Array(9);
    assert.equal(uniformFill(f, K0, K1, 11), 3);
    assert.equal(uniformFill(d, K0, K1, 11), 5);
    for (let i = 0; i < 9; i++) {
      assert.equal(f[i], (w[i]! >>> 8) / 2 ** 24);
      assert.equal(d[i], ((w[2 * i]! >>> 5) * 2 ** 26 + (w[2 * i + 1]! >>> 6)) / 2 ** 53);
    }
  });

  test("normal: words (2m, 2m+1) give elements 2m, 2m+1 by Box–Muller; float32 is fround of float64", () => {
    const w = streamWords(10, 3);
    const d = new Float64Array(9), f = new Float32Array(9);
    assert.equal(normalFill(d, K0, K1, 3), 3);
    normalFill(f, K0, K1, 3);
    for (let m = 0; m < 5; m++) {
      const r = Math.sqrt(-2 * Math.log((w[2 * m]! + 0.5) / 2 ** 32));
      const th = (2 * Math.PI * w[2 * m + 1]!) / 2 ** 32;
      assert.equal(d[2 * m], r * Math.cos(th));
      if (2 * m + 1 < 9) assert.equal(d[2 * m + 1], r * Math.sin(th));
    }
    for (let i = 0; i < 9; i++) assert.equal(f[i], Math.fround(d[i]!));
  });

  test("threshold(p) = floor(p·2^32): exact at the ends, floor at ties", () => {
    assert.equal(threshold(0), 0);
    assert.equal(threshold(1), 2 ** 32);
    assert.equal(threshold(0.5), 2 ** 31);
    assert.equal(threshold(2 ** -33), 0);
    assert.equal(threshold(3 * 2 ** -33), 1);
  });

  test("dropMaskBits keeps element i iff word i >= threshold(p); bernoulli is its complement; tail bits are 0", () => {
    const n = 1000 + 13, p = 0.37, offset = 42;
    const w = streamWords(n, offset);
    const mask = dropMaskBits(n, p, K0, K1, offset);
    const ber = new Uint8Array(n);
    assert.equal(bernoulliFill(ber, p, K0, K1, offset), blocksFor(n));
    assert.equal(mask.length, Math.ceil(n / 32));
    for (let i = 0; i < n; i++) {
      assert.equal(bit(mask, i), w[i]! >= threshold(p) ? 1 : 0);
      assert.equal(ber[i], 1 - bit(mask, i));
    }
    for (let i = n; i < 32 * mask.length; i++) assert.equal(bit(mask, i), 0);
  });

  test("p = 0 keeps everything, p = 1 keeps nothing", () => {
    assert.ok(dropMaskBits(100, 0, K0, K1, 0).every((x, i) => x === (i < 3 ? 0xffffffff : 0xf)));
    assert.ok(dropMaskBits(100, 1, K0, K1, 0).every((x) => x === 0));
    assert.ok(bernoulliFill(new Float32Array(50), 1, K0, K1, 0) === 13);
  });
});

describe("slicing: a fill at offset k+m equals the tail of a fill at offset k", () => {
  const k = 7, m = 3, n = 37;
  test("uniform float32 (4 elements per block) and float64 (2 per block)", () => {
    const long32 = new Float32Array(n + 4 * m), short32 = new Float32Array(n);
    uniformFill(long32, K0, K1, k, -2, 5);
    uniformFill(short32, K0, K1, k + m, -2, 5);
    assert.deepEqual(short32, long32.subarray(4 * m));
    const long64 = new Float64Array(n + 2 * m), short64 = new Float64Array(n);
    uniformFill(long64, K0, K1, k);
    uniformFill(short64, K0, K1, k + m);
    assert.deepEqual(short64, long64.subarray(2 * m));
  });

  test("normal, bernoulli and dropout masks (4 elements per block)", () => {
    const longN = new Float64Array(n + 4 * m), shortN = new Float64Array(n);
    normalFill(longN, K0, K1, k, 1, 2);
    normalFill(shortN, K0, K1, k + m, 1, 2);
    assert.deepEqual(shortN, longN.subarray(4 * m));
    const longB = new Int32Array(n + 4 * m), shortB = new Int32Array(n);
    bernoulliFill(longB, 0.6, K0, K1, k);
    bernoulliFill(shortB, 0.6, K0, K1, k + m);
    assert.deepEqual(shortB, longB.subarray(4 * m));
    const longM = dropMaskBits(n + 4 * m, 0.6, K0, K1, k), shortM = dropMaskBits(n, 0.6, K0, K1, k + m);
    for (let i = 0; i < n; i++) assert.equal(bit(shortM, i), bit(longM, i + 4 * m));
  });

  test("a fill longer than one internal chunk (4096 words) matches its pieces", () => {
    const big = new Float32Array(10_000 + 1), piece = new Float32Array(1001);
    uniformFill(big, K0, K1, 5);
    uniformFill(piece, K0, K1, 5 + 2250);
    assert.deepEqual(piece, big.subarray(9000));
    const bigM = dropMaskBits(10_001, 0.25, K0, K1, 5), pieceM = dropMaskBits(1001, 0.25, K0, K1, 5 + 2250);
    for (let i = 0; i < 1001; i++) assert.equal(bit(pieceM, i), bit(bigM, 9000 + i));
  });
});

describe("uniform range", () => {
  test("stays half-open when low + (high − low)·u rounds up to high", () => {
    // Spacing is 1 at 2^23 in float32 (2^52 in float64): u >= 0.875 would round to high = low + 4.
    const f = new Float32Array(4000);
    uniformFill(f, K0, K1, 0, 2 ** 23, 2 ** 23 + 4);
    assert.ok(f.every((x) => x >= 2 ** 23 && x < 2 ** 23 + 4));
    assert.equal(Math.max(...f), 2 ** 23 + 3);
    const d = new Float64Array(4000);
    uniformFill(d, K0, K1, 0, 2 ** 52, 2 ** 52 + 4);
    assert.ok(d.every((x) => x >= 2 ** 52 && x < 2 ** 52 + 4));
    assert.equal(Math.max(...d), 2 ** 52 + 3);
  });
});

// Statistical checks: fixed key, N = 10^6, bounds at 5σ of the estimator (never tuned).
// Sample mean: σ_mean = σ/√N. Sample variance s²: Var(s²) = (μ4 − σ⁴)/N + O(1/N²), μ4 the 4th
// central moment. U[0,1): σ² = 1/12, μ4 = 1/80, so μ4 − σ⁴ = 1/80 − 1/144 = 1/180.
// N(μ, σ²): μ4 = 3σ⁴, so Var(s²) = 2σ⁴/(N−1) exactly. (Float32 quantisation of u to 2^-24 shifts
// the mean by 2^-25 ≈ 3e-8, far below σ_mean ≈ 2.9e-4.)
describe("statistics (5σ bounds)", () => {
  for (const [name, make] of [["float32", () => new Float32Array(N)], ["float64", () => new Float64Array(N)]] as const) {
    test(`uniform ${name}: mean 1/2 and variance 1/12`, () => {
      const x = make();
      uniformFill(x, K0, K1, 1000);
      const [m, v] = meanVar(x);
      assert.ok(Math.abs(m - 0.5) <= 5 * Math.sqrt(1 / 12 / N), `mean ${m}`);
      assert.ok(Math.abs(v - 1 / 12) <= 5 * Math.sqrt(1 / 180 / N), `variance ${v}`);
      assert.ok(x.every((u) => u >= 0 && u < 1));
    });
  }

  test("normal(2, 3²): mean and variance", () => {
    const mu = 2, sigma = 3;
    const x = new Float64Array(N);
    normalFill(x, K0, K1, 77, mu, sigma);
    const [m, v] = meanVar(x);
    assert.ok(Math.abs(m - mu) <= (5 * sigma) / Math.sqrt(N), `mean ${m}`);
    assert.ok(Math.abs(v - sigma ** 2) <= 5 * sigma ** 2 * Math.sqrt(2 / (N - 1)), `variance ${v}`);
  });

  test("chi-square of the 256 byte values of the u32 stream, 255 dof: |χ² − 255| <= 5·√(2·255)", () => {
    const blocks = 1 << 18;
    const w = new Uint32Array(4 * blocks);
    fillPhiloxBlocks(K0, K1, 0, blocks, w);
    const counts = new Float64Array(256);
    for (const x of w) {
      counts[x & 255]!++;
      counts[(x >>> 8) & 255]!++;
      counts[(x >>> 16) & 255]!++;
      counts[x >>> 24]!++;
    }
    const expected = (4 * w.length) / 256;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // Two-sided: a stream that is too even (e.g. a counter leaking through) fails as well.
    assert.ok(Math.abs(chi2 - 255) <= 5 * Math.sqrt(2 * 255), `chi2 ${chi2}`);
  });

  test("bernoulli(0.3) fraction and dropMaskBits(p = 0.3) kept fraction: σ = √(p(1−p)/N)", () => {
    const p = 0.3, sd = Math.sqrt((p * (1 - p)) / N);
    const b = new Uint8Array(N);
    bernoulliFill(b, p, K0, K1, 9);
    const ones = b.reduce((s, x) => s + x, 0);
    assert.ok(Math.abs(ones / N - p) <= 5 * sd, `fraction ${ones / N}`);
    const n = N + 7;
    const mask = dropMaskBits(n, p, K0, K1, 123_456);
    let kept = 0;
    for (let i = 0; i < n; i++) kept += bit(mask, i);
    assert.ok(Math.abs(kept / n - (1 - p)) <= 5 * Math.sqrt((p * (1 - p)) / n), `kept ${kept / n}`);
  });
});
