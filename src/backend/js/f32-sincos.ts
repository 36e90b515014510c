/**
 * sin and cos for float32 results, shared bit for bit with the wasm kernels (kernels/assembly/sincos.ts
 * repeats each operation in the same order), in float64 as js/f32-math.ts: the argument reduction
 * x = q·π/2 + r is exact enough for every float32 (Cody–Waite below 2^23, the bits of 2/π above —
 * more accurate there than V8's Math.sin, which is off for some |x| near 2^127), then Taylor series.
 */
/** π/2 in three parts of 28, 28 and 53 bits: n·PIO2_1 and n·PIO2_2 are exact for |n| < 2^23. */
const PIO2_1 = 1.570796325802803;
const PIO2_2 = 9.920935739593517e-10;
const PIO2_3 = 5.721188726109832e-18;
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const INV_PIO2 = 0.6366197723675814;
/** 2/π in 24-bit chunks: 2/π = Σ TWO_OVER_PI[i]·2^(−24(i + 1)) (fdlibm's ipio2). */
const TWO_OVER_PI = [0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163];
const f32Scratch = new Float32Array(1);
const f32Bits = new Uint32Array(f32Scratch.buffer);

/** 2^k at index k + 150, for the exponents reduceLarge needs. */
const POW2_S = Float64Array.from({ length: 300 }, (_, i) => Math.pow(2, i - 150));

/** t mod 4 for t ≥ 0, exact (t a multiple of a power of two with the result within 53 bits). */
function mod4(t: number): number { return t - 4 * Math.floor(t * 0.25); }

/**
 * x·(2/π) mod 4 for a float32 |x| = m·2^e ≥ 2^23 (e ≥ 0), as the quadrant q and z = x·2/π − q − (a
 * multiple of 4), |z| ≲ ½: from the five chunks of 2/π that matter (those before give multiples of 4,
 * those after less than 2^−71). Each m·chunk is exact; the first two are reduced mod 4 exactly.
 */
function reduceLarge(m: number, e: number): [number, number] {
  const j = e < 2 ? 0 : Math.floor((e - 2) / 24);
  const s = e - 24 * (j + 1);
  const a = mod4(m * TWO_OVER_PI[j]! * POW2_S[s + 150]!);
  const b = mod4(m * TWO_OVER_PI[j + 1]! * POW2_S[s - 24 + 150]!);
  let f = a + b;
  if (f >= 4) f -= 4;
  const c = m * TWO_OVER_PI[j + 2]! * POW2_S[s - 48 + 150]!;
  const d = m * TWO_OVER_PI[j + 3]! * POW2_S[s - 72 + 150]!;
  const g = m * TWO_OVER_PI[j + 4]! * POW2_S[s - 96 + 150]!;
  const q = Math.floor((f + c) + 0.5);
  return [q, (((f - q) + c) + d) + g];
}

/** sin r and cos r for |r| ≤ ~π/4 by their Taylor series to r^19 and r^18 (truncation below 1e-17). */
function sinPoly(r: number): number {
  const z = r * r;
  let p = -8.22063524662433e-18;
  p = p * z + 2.8114572543455206e-15;
  p = p * z - 7.647163731819816e-13;
  p = p * z + 1.6059043836821613e-10;
  p = p * z - 2.505210838544172e-8;
  p = p * z + 2.7557319223985893e-6;
  p = p * z - 1.984126984126984e-4;
  p = p * z + 8.333333333333333e-3;
  p = p * z - 0.16666666666666666;
  // ±0 itself: r + r·(z·p) would turn −0 into +0.
  return r === 0 ? r : r + r * (z * p);
}
function cosPoly(r: number): number {
  const z = r * r;
  let p = -1.5619206968586225e-16;
  p = p * z + 4.779477332387385e-14;
  p = p * z - 1.1470745597729725e-11;
  p = p * z + 2.08767569878681e-9;
  p = p * z - 2.755731922398589e-7;
  p = p * z + 2.48015873015873e-5;
  p = p * z - 1.388888888888889e-3;
  p = p * z + 4.1666666666666664e-2;
  p = p * z - 0.5;
  return 1 + z * p;
}

/**
 * sin x (shift 0) or cos x (shift 1) for a float32 x: x = q·π/2 + r by Cody–Waite for |x| < 2^23,
 * by the bits of 2/π above (for |x|, then the sign by symmetry); ±∞ and NaN give NaN.
 */
function sinCos(x: number, shift: number): number {
  f32Scratch[0] = x;
  const bits = f32Bits[0]!, biased = (bits >>> 23) & 0xff;
  let q: number, r: number, negate = false;
  if (biased < 150) {
    const n = Math.floor(x * INV_PIO2 + 0.5);
    r = ((x - n * PIO2_1) - n * PIO2_2) - n * PIO2_3;
    q = n;
  } else if (biased === 255) {
    return NaN;
  } else {
    const [qq, z] = reduceLarge((bits & 0x7fffff) | 0x800000, biased - 150);
    q = qq;
    r = z * PIO2_HI + z * PIO2_LO;
    // sin is odd, cos even.
    negate = x < 0 && shift === 0;
  }
  const quadrant = (q + shift) & 3;
  const v = quadrant & 1 ? cosPoly(r) : sinPoly(r);
  const out = quadrant & 2 ? -v : v;
  return negate ? -out : out;
}

export function sinF32(x: number): number { return sinCos(x, 0); }
export function cosF32(x: number): number { return sinCos(x, 1); }
