/**
 * Distributions as pure functions of (key0, key1, offset): the same arguments always fill the same
 * values, so a layer can keep just (key, offset) and regenerate its randomness later.
 *
 * Stream words: word j of the stream at `offset` is word (j mod 4) of Philox block
 * offset + floor(j / 4) (block layout in philox.ts). Each fill reads its elements' words in order
 * and consumes whole blocks: `blocksFor(n, wordsPerElement)`, which every fill also returns.
 *
 *   uniformFill   Float32Array: 1 word per element, u = (w >>> 8)·2^-24 (exact in float32).
 *                 Float64Array: 2 words (a, b) per element, u = ((a >>> 5)·2^26 + (b >>> 6))·2^-53.
 *   normalFill    1 word per element: words (2m, 2m+1) give elements 2m and 2m+1 (Box–Muller).
 *   bernoulliFill 1 word per element: 1 iff w < threshold(p).
 *   dropMaskBits  1 word per element: kept iff w >= threshold(p), i.e. dropped iff bernoulli(p) is 1.
 *
 * Integer rules (uniform, bernoulli, masks) are exact, so every backend reproduces them bit for bit.
 * normalFill goes through Math.log/cos/sin, which are reproducible within one JS engine only.
 */

import { fillPhiloxBlocks } from "./philox.js";

/** Blocks a fill of n elements consumes, at `wordsPerElement` 32-bit words each (whole blocks). */
export function blocksFor(n: number, wordsPerElement: 1 | 2 = 1): number {
  return Math.ceil((n * wordsPerElement) / 4);
}

/** Words per element that uniformFill reads for this output type. */
export function uniformWordsPerElement(out: Float32Array | Float64Array): 1 | 2 {
  return out instanceof Float64Array ? 2 : 1;
}

/**
 * The u32 threshold for probability p in [0, 1]: threshold(p) = floor(p · 2^32), an integer in
 * [0, 2^32]. P(w < threshold) = threshold / 2^32, within 2^-32 of p; p = 0 gives 0 (never),
 * p = 1 gives 2^32 (always). floor, not round: f64 floor is identical everywhere (JS Math.round and
 * wasm f64.nearest break ties differently). 2^32 does not fit a u32: compare in 64-bit integers.
 */
export function threshold(p: number): number {
  return Math.floor(p * 4294967296);
}

// Blocks are generated in chunks into one reused scratch buffer: no allocation per fill.
const CHUNK_BLOCKS = 1024;
const scratch = new Uint32Array(4 * CHUNK_BLOCKS);
const TWO_M24 = 2 ** -24;
const TWO_M32 = 2 ** -32;
const TWO_M53 = 2 ** -53;

/**
 * Calls visit(words, start, count) over the stream words of n elements in order, in chunks.
 * `start` is the index of the first word of the chunk in the whole stream read.
 */
function eachChunk(nWords: number, key0: number, key1: number, offset: number, visit: (words: Uint32Array, start: number, count: number) => void): number {
  const blocks = Math.ceil(nWords / 4);
  for (let b = 0; b < blocks; b += CHUNK_BLOCKS) {
    const nb = Math.min(CHUNK_BLOCKS, blocks - b);
    fillPhiloxBlocks(key0, key1, offset + b, nb, scratch);
    visit(scratch, 4 * b, Math.min(4 * nb, nWords - 4 * b));
  }
  return blocks;
}

/** Uniform values in [low, high) (see the word rule above). Returns the blocks consumed. */
export function uniformFill(out: Float32Array | Float64Array, key0: number, key1: number, offset: number, low = 0, high = 1): number {
  const f32 = !(out instanceof Float64Array);
  const span = high - low;
  // low + span·u can round up to `high` (e.g. float32, high = 3): those values take the largest
  // representable value below high instead, keeping the range half-open.
  const hiR = f32 ? Math.fround(high) : high;
  const loR = f32 ? Math.fround(low) : low;
  const top = hiR > loR ? nextDown(hiR, f32) : loR;
  if (f32) {
    return eachChunk(out.length, key0, key1, offset, (w, start, count) => {
      for (let j = 0; j < count; j++) {
        const v = Math.fround(low + span * ((w[j]! >>> 8) * TWO_M24));
        out[start + j] = v < hiR ? v : top;
      }
    });
  }
  return eachChunk(2 * out.length, key0, key1, offset, (w, start, count) => {
    for (let j = 0; j < count; j += 2) {
      const v = low + span * (((w[j]! >>> 5) * 67108864 + (w[j + 1]! >>> 6)) * TWO_M53);
      out[(start + j) >>> 1] = v < hiR ? v : top;
    }
  });
}

/**
 * Normal values (mean, std) by Box–Muller: u1 = (w0 + 0.5)·2^-32 lies in (0, 1), so log(u1) is
 * finite and |z| <= sqrt(-2 ln 2^-33) ≈ 6.76; u2 = w1·2^-32. Float32 output is fround of the
 * Float64 values. Returns the blocks consumed.
 */
export function normalFill(out: Float32Array | Float64Array, key0: number, key1: number, offset: number, mean = 0, std = 1): number {
  const n = out.length;
  const nWords = n + (n & 1);
  return eachChunk(nWords, key0, key1, offset, (w, start, count) => {
    for (let j = 0; j < count; j += 2) {
      const r = std * Math.sqrt(-2 * Math.log((w[j]! + 0.5) * TWO_M32));
      const theta = 2 * Math.PI * w[j + 1]! * TWO_M32;
      const i = start + j;
      out[i] = mean + r * Math.cos(theta);
      if (i + 1 < n) out[i + 1] = mean + r * Math.sin(theta);
    }
  });
}

/** out[i] = 1 with probability p (iff word i < threshold(p)), else 0. Returns the blocks consumed. */
export function bernoulliFill(out: Float32Array | Float64Array | Int32Array | Uint8Array, p: number, key0: number, key1: number, offset: number): number {
  const t = threshold(p);
  return eachChunk(out.length, key0, key1, offset, (w, start, count) => {
    for (let j = 0; j < count; j++) out[start + j] = w[j]! < t ? 1 : 0;
  });
}

/**
 * Dropout keep-mask, bit-packed: bit (i & 31) of word (i >>> 5) is 1 when element i is kept, i.e.
 * when stream word i >= threshold(p). Bits past n are 0. Consumes blocksFor(n) blocks.
 */
export function dropMaskBits(n: number, p: number, key0: number, key1: number, offset: number): Uint32Array {
  const t = threshold(p);
  const mask = new Uint32Array(Math.ceil(n / 32));
  // CHUNK_BLOCKS·4 is a multiple of 32, so every chunk starts on a mask-word boundary.
  eachChunk(n, key0, key1, offset, (w, start, count) => {
    const base = start >>> 5;
    for (let j = 0, m = 0; j < count; j += 32, m++) {
      const end = Math.min(32, count - j);
      let bits = 0;
      for (let b = 0; b < end; b++) if (w[j + b]! >= t) bits |= 1 << b;
      mask[base + m] = bits;
    }
  });
  return mask;
}

// The next representable value below x in float32 or float64 (slow path only).
const view = new DataView(new ArrayBuffer(8));
function nextDown(x: number, f32: boolean): number {
  if (x === 0) return f32 ? -(2 ** -149) : -Number.MIN_VALUE;
  const step = x > 0 ? -1 : 1;
  if (f32) {
    view.setFloat32(0, x);
    view.setInt32(0, view.getInt32(0) + step);
    return view.getFloat32(0);
  }
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + BigInt(step));
  return view.getFloat64(0);
}
