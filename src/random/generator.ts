/**
 * Generator: a seed (the Philox key) plus an offset (the next unused Philox block). Every draw
 * reads whole blocks from the offset and advances it, so the state is just { seed, offset } and
 * `reserve(n)` can hand a layer a (key, offset) pair it regenerates from later (philox.ts layout).
 */

import { ValueError } from "../errors.js";
import { blocksFor, normalFill, uniformFill, uniformWordsPerElement } from "./distributions.js";
import { fillPhiloxBlocks } from "./philox.js";

/** PyTorch's seed for a new torch.Generator() (default_rng_seed_val). */
const DEFAULT_SEED = 67280421310721;
const TWO_32 = 4294967296;

export interface GeneratorState {
  seed: number;
  offset: number;
}

export interface PhiloxReservation {
  key0: number;
  key1: number;
  /** First block of the reserved range. */
  offset: number;
}

function show(v: unknown): string {
  return typeof v === "number" ? String(v) : `${String(v)} (${typeof v})`;
}

/** A seed is an integer in [0, 2^53 − 1]: key0 = its low 32 bits, key1 = the high 21 bits. */
export function checkSeed(seed: number, where: string): number {
  if (!(typeof seed === "number" && Number.isSafeInteger(seed) && seed >= 0)) {
    const hint = typeof seed === "number" && Number.isInteger(seed) && seed > 0 ? "seeds above 2^53 − 1 are not exact JavaScript numbers." : undefined;
    throw new ValueError({ where, expected: "seed to be an integer in [0, 2^53 − 1]", got: show(seed), ...(hint === undefined ? {} : { hint }) });
  }
  return seed;
}

function checkCount(n: number, where: string, name: string): number {
  if (!(typeof n === "number" && Number.isSafeInteger(n) && n >= 0)) {
    throw new ValueError({ where, expected: `${name} to be a non-negative integer`, got: show(n) });
  }
  return n;
}

function checkFinite(x: number, where: string, name: string): void {
  if (!(typeof x === "number" && Number.isFinite(x))) throw new ValueError({ where, expected: `${name} to be a finite number`, got: show(x) });
}

/** 53 bits from the platform's crypto RNG when present (Node ≥ 19, browsers), else time and Math.random. */
function nondeterministicSeed(): number {
  const w = new Uint32Array(2);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => unknown } }).crypto;
  if (crypto?.getRandomValues !== undefined) crypto.getRandomValues(w);
  else {
    w[0] = Math.random() * TWO_32;
    w[1] = Date.now() ^ (Math.random() * TWO_32);
  }
  return (w[1]! & 0x1fffff) * TWO_32 + w[0]!;
}

/** Reads stream words one at a time (for rejection sampling), generating blocks ahead in batches. */
class WordReader {
  #buf: Uint32Array;
  #pos = 0;
  #filled = 0;
  #read = 0;
  #next: number;
  readonly #key0: number;
  readonly #key1: number;

  constructor(key0: number, key1: number, offset: number, expectedWords: number) {
    this.#key0 = key0;
    this.#key1 = key1;
    this.#buf = new Uint32Array(4 * Math.min(1024, Math.max(1, blocksFor(expectedWords))));
    this.#next = offset;
  }

  next(): number {
    if (this.#pos === this.#filled) {
      const nb = this.#buf.length / 4;
      fillPhiloxBlocks(this.#key0, this.#key1, this.#next, nb, this.#buf);
      this.#next += nb;
      this.#pos = 0;
      this.#filled = this.#buf.length;
    }
    this.#read++;
    return this.#buf[this.#pos++]!;
  }

  /** Whole blocks touched so far: the generator advances by exactly this. */
  blocksRead(): number {
    return blocksFor(this.#read);
  }
}

export class Generator {
  #seed = 0;
  #key0 = 0;
  #key1 = 0;
  #offset = 0;

  /** Without a seed, starts from PyTorch's fixed default (67280421310721), as torch.Generator() does. */
  constructor(options: { seed?: number } = {}) {
    this.#reseed(checkSeed(options.seed ?? DEFAULT_SEED, "Generator"));
  }

  #reseed(seed: number): void {
    this.#seed = seed;
    this.#key0 = seed >>> 0;
    this.#key1 = Math.floor(seed / TWO_32);
    this.#offset = 0;
  }

  /** Reseeds and rewinds to offset 0. */
  manualSeed(seed: number): this {
    this.#reseed(checkSeed(seed, "Generator.manualSeed"));
    return this;
  }

  /** Reseeds from a nondeterministic source and returns the new seed (torch.Generator.seed). */
  seed(): number {
    this.#reseed(nondeterministicSeed());
    return this.#seed;
  }

  initialSeed(): number {
    return this.#seed;
  }

  getState(): GeneratorState {
    return { seed: this.#seed, offset: this.#offset };
  }

  setState(state: GeneratorState): this {
    const offset = checkCount(state.offset, "Generator.setState", "offset");
    this.#reseed(checkSeed(state.seed, "Generator.setState"));
    this.#offset = offset;
    return this;
  }

  /**
   * Reserves nBlocks Philox blocks: returns the key and the first block, and advances the offset
   * past them. Blocks offset .. offset+nBlocks−1 under this key are then the caller's alone.
   */
  reserve(nBlocks: number): PhiloxReservation {
    const where = "Generator.reserve";
    checkCount(nBlocks, where, "nBlocks");
    const offset = this.#offset;
    if (!(offset + nBlocks <= Number.MAX_SAFE_INTEGER)) {
      throw new ValueError({ where, expected: `at most ${Number.MAX_SAFE_INTEGER - offset} more blocks for this seed`, got: String(nBlocks), hint: "reseed the generator." });
    }
    this.#offset = offset + nBlocks;
    return { key0: this.#key0, key1: this.#key1, offset };
  }

  /** Fills `out` with uniform values in [low, high) (rules in distributions.ts). */
  uniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    const where = "Generator.uniform";
    checkFinite(low, where, "low");
    checkFinite(high, where, "high");
    if (!(low <= high && Number.isFinite(high - low))) {
      throw new ValueError({ where, expected: "low <= high with a finite high − low", got: `low=${low}, high=${high}` });
    }
    const r = this.reserve(blocksFor(out.length, uniformWordsPerElement(out)));
    uniformFill(out, r.key0, r.key1, r.offset, low, high);
    return out;
  }

  /** Fills `out` with normal values N(mean, std²). */
  normal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    const where = "Generator.normal";
    checkFinite(mean, where, "mean");
    if (!(typeof std === "number" && std >= 0 && Number.isFinite(std))) throw new ValueError({ where, expected: "std to be a finite number >= 0", got: show(std) });
    const r = this.reserve(blocksFor(out.length));
    normalFill(out, r.key0, r.key1, r.offset, mean, std);
    return out;
  }

  /**
   * Fills `out` with integers uniform in [low, high), without bias: a word w is accepted when
   * w < 2^32 − (2^32 mod range) and maps to low + w mod range; rejected words are skipped. The
   * offset then moves past the last block read.
   */
  randint(out: Int32Array, low: number, high: number): Int32Array {
    const where = "Generator.randint";
    if (!(Number.isInteger(low) && Number.isInteger(high) && low >= -2147483648 && high <= 2147483648 && low < high)) {
      throw new ValueError({ where, expected: "integers low < high within [−2^31, 2^31]", got: `low=${show(low)}, high=${show(high)}` });
    }
    const words = new WordReader(this.#key0, this.#key1, this.#offset, out.length);
    const range = high - low;
    const limit = TWO_32 - (TWO_32 % range);
    for (let i = 0; i < out.length; i++) {
      let w = words.next();
      while (w >= limit) w = words.next();
      out[i] = low + (w % range);
    }
    this.#offset += words.blocksRead();
    return out;
  }

  /** A random permutation of 0 .. n−1 (Fisher–Yates with unbiased draws, as in randint). */
  randperm(n: number): Int32Array {
    checkCount(n, "Generator.randperm", "n");
    if (!(n <= 2147483648)) throw new ValueError({ where: "Generator.randperm", expected: "n <= 2^31", got: String(n) });
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const words = new WordReader(this.#key0, this.#key1, this.#offset, n);
    for (let i = n - 1; i > 0; i--) {
      const range = i + 1;
      const limit = TWO_32 - (TWO_32 % range);
      let w = words.next();
      while (w >= limit) w = words.next();
      const j = w % range;
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    this.#offset += words.blocksRead();
    return perm;
  }
}

/**
 * The process-wide generator used when no `generator` option is given. Like PyTorch's default CPU
 * generator it starts from a nondeterministic seed (crypto RNG, chosen at module load); call
 * manualSeed(n) for reproducible runs.
 */
export const defaultGenerator = new Generator({ seed: nondeterministicSeed() });

export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** Reseeds the default generator (offset back to 0) and returns it, like torch.manual_seed. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(checkSeed(seed, "manualSeed"));
}
