/**
 * Philox4x32-10 (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11; Random123).
 *
 * Counter-based: a 128-bit output block is a pure function of a 128-bit counter and a 64-bit key,
 * so any part of a stream can be produced without the parts before it. That is what lets backward
 * regenerate a dropout mask instead of storing it, and lets the JS and WebAssembly backends agree.
 *
 * Counter layout of the stream (a WebAssembly backend must reproduce it bit for bit):
 *   block b (a non-negative integer below 2^53) is philox4x32_10(counter, key) with
 *     counter = (c0, c1, c2, c3) = (b mod 2^32, floor(b / 2^32), 0, 0)
 *     key     = (k0, k1)          = (seed mod 2^32, floor(seed / 2^32))
 *   and its output words x0..x3 are words 4b+0 .. 4b+3 of the stream.
 * c2 and c3 stay 0; they are free for independent streams later.
 * One round: (c0, c1, c2, c3) → (hi(M1·c2) ^ c1 ^ k0, lo(M1·c2), hi(M0·c0) ^ c3 ^ k1, lo(M0·c0)),
 * then (k0, k1) += (W0, W1) mod 2^32; ten rounds, the first with the original key.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;

// Weyl increments as int32, so the key schedule stays in 32-bit integer arithmetic.
const W0 = 0x9e3779b9 | 0;
const W1 = 0xbb67ae85 | 0;

/**
 * floor(a · b / 2^32) for 32-bit a, b (signed or unsigned inputs; the result is int32-wrapped, use
 * `>>> 0` for the unsigned value). JS has no 64-bit integer multiply without BigInt, so split both
 * factors into 16-bit halves; Math.imul gives each partial product's 32 bits exactly and the carries
 * are summed from 16-bit pieces. Pure int32 operations: ~2× faster than a float64 formulation.
 */
export function mulhi32(a: number, b: number): number {
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const lh = Math.imul(aL, bH), hl = Math.imul(aH, bL);
  const mid = (Math.imul(aL, bL) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (Math.imul(aH, bH) + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
}

/**
 * One Philox4x32-10 block: writes the 4 output words to out[outOffset .. outOffset+3].
 * All arguments are 32-bit words. No allocation, so it can run per element.
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, outOffset: number): void {
  let ka = k0 | 0;
  let kb = k1 | 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi32(c0, M0);
    const lo0 = Math.imul(c0, M0);
    const hi1 = mulhi32(c2, M1);
    const lo1 = Math.imul(c2, M1);
    c0 = hi1 ^ c1 ^ ka;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ kb;
    c3 = lo0;
    // Key schedule (Weyl sequence); the bump after the last round is unused and harmless.
    ka = (ka + W0) | 0;
    kb = (kb + W1) | 0;
  }
  out[outOffset] = c0;
  out[outOffset + 1] = c1;
  out[outOffset + 2] = c2;
  out[outOffset + 3] = c3;
}

/**
 * Blocks counterStart .. counterStart+nBlocks−1 of the stream (layout above) into
 * out[outOffset .. outOffset + 4·nBlocks). counterStart + nBlocks must not exceed 2^53.
 */
export function fillPhiloxBlocks(k0: number, k1: number, counterStart: number, nBlocks: number, out: Uint32Array, outOffset = 0): void {
  let lo = counterStart | 0;
  let hi = Math.floor(counterStart / 4294967296) | 0;
  for (let b = 0, o = outOffset; b < nBlocks; b++, o += 4) {
    philox4x32(lo, hi, 0, 0, k0, k1, out, o);
    lo = (lo + 1) | 0;
    if (lo === 0) hi = (hi + 1) | 0;
  }
}
