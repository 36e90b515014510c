import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BinaryOp, ReduceOp, UnaryOp } from "../../src/backend/backend.js";
import { expF32, expm1F32, log1pF32, logF32, sigmoidF32, tanhF32 } from "../../src/backend/js/f32-math.js";
import { cosF32, sinF32 } from "../../src/backend/js/f32-sincos.js";
import { erfF32 } from "../../src/backend/js/f32-erf.js";
import { assertSameBits, broadcastReference, everyBackend, f32On, jsReference, PLACES, uniformF32 } from "../helpers/backends.js";

/**
 * The unary ops, maximum/minimum, the comparisons and the reductions the wasm backend runs in
 * WebAssembly (kernels/assembly/unary.ts, compare.ts, reduce.ts), on every backend and both array
 * placements, against references written here in float64. One-operation ops and reductions must
 * equal the reference bit for bit; the float32 transcendentals (js/f32-math.ts, f32-sincos.ts,
 * f32-erf.ts, shared with the kernels) must lie within 1 float32 ulp of float64 truth (Math.*; for
 * erf the float64 kernel; for sin and cos of huge arguments decimal values), give its special values
 * exactly, and agree bit for bit across backends.
 */

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1e-45, -1e-45, 1e-40, -1e-40,
  1.1754944e-38, -1.1754944e-38, 3.4028235e38, -3.4028235e38, 8388607.5, -8388607.5, 16777216, 0.49999997, -0.49999997];

/** Edge cases of each transcendental: overflow and underflow boundaries, branch points of f32-math.ts. */
const EDGES: Record<string, number[]> = {
  exp: [88.72283, 88.72284, 88.7228, -87.33654, -87.33655, -103.27893, -103.972076, -103.97208, -104, -150, 709, 710, -708, -745, 1e-8, -1e-8],
  log: [1.0000001, 0.99999994, 2, 0.5, 1.4142135, 1.4142137, 0.70710677, 0.7071068, 1e-45, 1e-38, 3e38, -1e-45],
  log1p: [-1, -0.99999994, -1.0000001, -0.29289323, -0.2928932, -0.29289317, 0.41421354, 0.41421357, 0.4142136, 1e-10, -1e-10, 1e-30, 1e20, 3e38],
  expm1: [0.34657356, 0.3465736, 0.34657362, -0.34657356, -0.3465736, -0.34657362, 1e-10, -1e-10, -17, -88, -104, 88.72283, 88.72284],
  tanh: [3.7252903e-9, 3.7252899e-9, -3.7252903e-9, 1e-20, 0.0001, 0.55, 9, 9.01, 10, 20, 44, 89, 355, 1e10, -9, -10, -89, -1e10],
  sigmoid: [-88, -88.7, -103, -104, -105, -1e10, 16.6, 17, 88, 89, 104, 1e10, 1e-8, -1e-8],
  // Multiples of π/2 rounded to float32, the switch to the 2/π-bits reduction at 2^23, huge arguments.
  sin: [1.5707964, 3.1415927, -3.1415927, 4.712389, 6.2831855, 804.24774, 8388607.5, 8388608, -8388608, 12345678, 1e10, 1.5e20, 1e30, 1e38, -2e38],
  erf: [0.5, -0.5, 2.4999998, 2.5, 3.9, 3.91, 3.92, 3.99, 3.9999998, 4, -4, 4.0000005, 1e-20, -1e-20, 1e-45],
  cos: [1.5707964, -1.5707964, 3.1415927, 4.712389, 6.2831855, 804.24774, 8388607.5, 8388608, 16777216, 1e10, 1.2345e25, 1e35, 1.7e38],
};

/**
 * sin and cos of float32 arguments of 2^100 and more, to 100 digits (Python's decimal, x mod 2π), since
 * V8's Math.sin and Math.cos are wrong for some of them (e.g. sin(3.4028235e38) = 0.5226 for −0.5219).
 */
const HUGE_SIN_COS = new Map<number, [number, number]>([
  [3.4028234663852886e+38, [-0.5218765139579773, 0.8530210256576538]], [9.999999680285692e+37, [0.9891644716262817, 0.14681167900562286]],
  [1.9999999360571385e+38, [0.2904418110847473, -0.9568926692008972]], [1.6999999760721821e+38, [0.12297586351633072, -0.9924096465110779]],
  [1.0000000409184788e+35, [-0.9993489980697632, -0.03607762232422829]], [1.0000000150474662e+30, [-0.791163444519043, -0.6116048097610474]],
]);
/** float64 truth for sin (0) or cos (1): Math below 2^100, the table above it (undefined: not known). */
function trueSinCos(x: number, which: 0 | 1): number | undefined {
  if (!(Math.abs(x) >= 2 ** 100)) return which === 0 ? Math.sin(x) : Math.cos(x);
  if (!Number.isFinite(x)) return NaN;
  const v = HUGE_SIN_COS.get(Math.abs(x))?.[which];
  return v === undefined ? undefined : which === 0 && x < 0 ? -v : v;
}

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
/** Distance in float32 steps (0 for two NaNs or identical values, −0 and +0 one apart). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const key = (v: number): number => { f32[0] = v; const i = u32[0]!; return i & 0x80000000 ? -(i & 0x7fffffff) - 1 : i; };
  return Math.abs(key(a) - key(b));
}

function values(n: number, seed: number, edges: readonly number[] = []): Float32Array {
  const x = new Float32Array(n);
  const ranges = [1e-3, 1, 4, 30, 100];
  for (let r = 0; r < ranges.length; r++) {
    const part = uniformF32(n, seed + r, -ranges[r]!, ranges[r]!);
    for (let i = r; i < n; i += ranges.length) x[i] = part[i]!;
  }
  const extra = [...SPECIALS, ...edges];
  for (let i = 0; i < extra.length && 3 * i + 1 < n; i++) x[3 * i + 1] = extra[i]!;
  return x;
}

const sigmoid64 = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** erf in float64 (to ~1e−15): the JS backend's float64 kernel, a Taylor series and a continued fraction. */
function erf64(x: number): number {
  const out = new Float64Array(1);
  jsReference().unary("erf", Float64Array.of(x), 0, 1, out);
  return out[0]!;
}

/** float64 truth of the transcendentals, and the functions the JS backend uses for float32. */
const TRANSCENDENTAL: Record<string, [(x: number) => number, (x: number) => number]> = {
  exp: [Math.exp, expF32], log: [Math.log, logF32], log1p: [Math.log1p, log1pF32], expm1: [Math.expm1, expm1F32],
  tanh: [Math.tanh, tanhF32], sigmoid: [sigmoid64, sigmoidF32],
  erf: [erf64, erfF32], sin: [(x) => trueSinCos(x, 0) ?? NaN, sinF32], cos: [(x) => trueSinCos(x, 1) ?? NaN, cosF32],
};
/** Whether the float64 truth of op at x is known (sin and cos: not for most |x| ≥ 2^100). */
const known = (op: string, x: number): boolean => (op !== "sin" && op !== "cos") || trueSinCos(Math.fround(x), op === "sin" ? 0 : 1) !== undefined;

/** One-operation ops: the float64 reference rounded to float32 is the exact answer. */
const EXACT: Partial<Record<UnaryOp, (x: number) => number>> = {
  neg: (x) => -x, abs: Math.abs, square: (x) => x * x, sqrt: Math.sqrt, rsqrt: (x) => 1 / Math.sqrt(x), reciprocal: (x) => 1 / x,
  floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc,
  // Half to even, written independently of the JS kernel's fix-up of Math.round.
  round: (x) => { const f = Math.floor(x), d = x - f; return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1; },
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
};
const roundFixSign = (x: number, r: number): number => (r === 0 ? (x < 0 || Object.is(x, -0) ? -0 : 0) : r);

function isSpecial(v: number): boolean { return v === 0 || !Number.isFinite(v); }
/** Prints −0 as such (String(−0) is "0"). */
const fmt = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

describe("float32 transcendentals (js/f32-math.ts): accuracy against float64", () => {
  for (const [name, [truth, fn]] of Object.entries(TRANSCENDENTAL)) {
    test(`${name}: within 1 ulp of float64 (${name === "erf" ? "the float64 kernel" : `Math.${name}`}) over all exponents and the edge cases; special values exactly`, () => {
      const xs = [...SPECIALS, ...EDGES[name]!, ...values(20000, 7)];
      // Random bit patterns: every exponent, subnormals, NaNs.
      const xs2 = new Float32Array(100000), bits = new Uint32Array(xs2.buffer);
      for (let i = 0, s = 2463534242; i < bits.length; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; bits[i] = s >>> 0; } // xorshift32
      for (const x of [...xs, ...xs2]) {
        if (!known(name, x)) continue;
        const want = Math.fround(truth(Math.fround(x))), got = Math.fround(fn(Math.fround(x)));
        if (isSpecial(want) || isSpecial(got)) assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${name}(${fmt(x)}) = ${fmt(got)}, want ${fmt(want)}`);
        else assert.ok(ulps(got, want) <= 1, `${name}(${x}) = ${got}, want ${want} (${ulps(got, want)} ulps)`);
      }
    });
  }
});

test("float64 erf keeps −0 and gives ±1 at ±∞, as PyTorch (its series gave +0, its continued fraction NaN)", () => {
  const out = new Float64Array(5);
  jsReference().unary("erf", Float64Array.of(-0, Infinity, -Infinity, NaN, 0), 0, 5, out);
  assert.deepEqual(Array.from(out), [-0, 1, -1, NaN, 0]);
});

describe("unary kernel conformance on every backend", () => {
  const js = jsReference();
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): one-operation ops equal the float64 reference rounded to float32`, () => {
        for (const [op, f] of Object.entries(EXACT)) {
          for (const n of [1, 3, 4, 5, 37, 1001]) {
            const xs = values(n + 2, n);
            const x = f32On(backend, place, xs), out = f32On(backend, place, new Float32Array(n));
            backend.unary(op as UnaryOp, x, 2, n, out);
            const want = Array.from(xs.subarray(2), (v) => (op === "round" ? roundFixSign(v, f(v)) : f(v)));
            assertSameBits(out, want, `${op} n=${n}`);
          }
        }
      });
      test(`${backend.name} (${place} arrays): transcendentals within 1 ulp of float64, specials exact, bit for bit as js`, () => {
        for (const [op, [truth]] of Object.entries(TRANSCENDENTAL)) {
          for (const n of [1, 3, 6, 37, 4099]) {
            const xs = values(n + 1, 100 + n, EDGES[op]);
            const x = f32On(backend, place, xs), out = f32On(backend, place, new Float32Array(n));
            backend.unary(op as UnaryOp, x, 1, n, out);
            for (let i = 0; i < n; i++) {
              if (!known(op, xs[1 + i]!)) continue;
              const v = xs[1 + i]!, want = Math.fround(truth(v)), got = out[i]!;
              if (isSpecial(want) || isSpecial(got)) assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${op}(${fmt(v)}) = ${fmt(got)}, want ${fmt(want)}`);
              else assert.ok(ulps(got, want) <= 1, `${op}(${fmt(v)}) = ${fmt(got)}, want ${fmt(want)}`);
            }
            const ref = new Float32Array(n);
            js.unary(op as UnaryOp, xs, 1, n, ref);
            assertSameBits(out, ref, `${op} n=${n} against js`);
          }
        }
      });
      test(`${backend.name} (${place} arrays): logicalNot and isnan write bool bytes`, () => {
        for (const n of [1, 3, 4, 37]) {
          const xs = values(n, n);
          for (let i = 0; i < n; i += 3) xs[i] = [0, -0, NaN][(i / 3) % 3]!;
          const x = f32On(backend, place, xs);
          for (const [op, f] of [["logicalNot", (v: number) => (v === 0 ? 1 : 0)], ["isnan", (v: number) => (Number.isNaN(v) ? 1 : 0)]] as const) {
            const out = place === "alloc" ? (backend.alloc("bool", n) as Uint8Array) : new Uint8Array(n);
            backend.unary(op, x, 0, n, out);
            assert.deepEqual(Array.from(out), Array.from(xs, f), `${op} n=${n}`);
          }
        }
      });
    }
  }
});

describe("maximum, minimum, floorDiv, truncDiv and comparisons on every backend", () => {
  // [out shape, a strides, b strides, b length], as kernels.test.ts: same shape, broadcasts, odd sizes, transposed, empty.
  const cases: [number[], number[], number[], number][] = [
    [[37], [1], [1], 37], [[16, 9], [9, 1], [0, 1], 9], [[5, 7], [7, 1], [0, 0], 1],
    [[6, 9], [9, 1], [1, 0], 6], [[3, 4, 5], [20, 5, 1], [20, 5, 1], 60], [[4, 6], [6, 1], [1, 4], 24], [[0, 3], [3, 1], [3, 1], 0],
  ];
  const ops: [BinaryOp, (x: number, y: number) => number][] = [
    ["maximum", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y)],
    ["minimum", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y)],
    ["floorDiv", (x, y) => Math.floor(x / y)], ["truncDiv", (x, y) => Math.trunc(x / y)],
    ["eq", (x, y) => +(x === y)], ["ne", (x, y) => +(x !== y)], ["gt", (x, y) => +(x > y)],
    ["ge", (x, y) => +(x >= y)], ["lt", (x, y) => +(x < y)], ["le", (x, y) => +(x <= y)],
  ];
  // Few distinct values, so that ties, ±0 pairs and NaNs meet often.
  const pick = (n: number, seed: number): Float32Array => uniformF32(n, seed, 0, 1).map((v) => [0, -0, NaN, 1, -1, 2, Infinity, -Infinity][Math.floor(v * 8)]!);
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      for (const [op, f] of ops) {
        test(`${backend.name} (${place} arrays): ${op} over every layout, with ±0, NaN and ±Inf`, () => {
          const bool = !["maximum", "minimum", "floorDiv", "truncDiv"].includes(op);
          for (const [shape, aStrides, bStrides, bLength] of cases) {
            const n = shape.reduce((p, d) => p * d, 1);
            const a = f32On(backend, place, pick(n, 1)), b = f32On(backend, place, pick(bLength, 2));
            const out = bool ? (place === "alloc" ? backend.alloc("bool", n) as Uint8Array : new Uint8Array(n)) : f32On(backend, place, new Float32Array(n));
            backend.binary(op, a, 0, aStrides, b, 0, bStrides, out, shape);
            const want = broadcastReference(shape, a, aStrides, b, bStrides, f);
            if (bool) assert.deepEqual(Array.from(out), Array.from(want), `${op} ${JSON.stringify(shape)}`);
            else assertSameBits(out as Float32Array, want, `${op} ${JSON.stringify(shape)}`);
          }
        });
      }
      test(`${backend.name} (${place} arrays): floorDiv and truncDiv divide in float64 (a = k·b: the float32 quotient often rounds to k)`, () => {
        const n = 1001;
        const bs = uniformF32(n, 3, 0.1, 10).map((v, i) => (i % 2 ? v : -v));
        const ks = uniformF32(n, 4, -100, 100).map(Math.round);
        const as = bs.map((v, i) => v * ks[i]!);
        const a = f32On(backend, place, as), b = f32On(backend, place, bs);
        for (const [op, f] of [["floorDiv", Math.floor], ["truncDiv", Math.trunc]] as const) {
          const out = f32On(backend, place, new Float32Array(n));
          backend.binary(op, a, 0, [1], b, 0, [1], out, [n]);
          assertSameBits(out, Array.from(as, (v, i) => f(v / bs[i]!)), op);
        }
      });
    }
  }
});

/** The reductions written out: first NaN wins, else the first element that no later one beats strictly. */
function reference(op: ReduceOp, x: Float32Array, outer: number, size: number, inner: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const line = Array.from({ length: size }, (_, j) => x[(o * size + j) * inner + i]!);
      if (op === "prod") { out.push(line.reduce((p, v) => p * v, 1)); continue; }
      const nan = line.findIndex((v) => Number.isNaN(v));
      const better = op === "max" || op === "argmax" ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
      let at = 0;
      for (let j = 1; j < size; j++) if (better(line[j]!, line[at]!)) at = j;
      if (nan >= 0) at = nan;
      out.push(op === "argmax" || op === "argmin" ? at : line[at]!);
    }
  }
  return out;
}

describe("reduction kernel conformance on every backend", () => {
  // [outer, size, inner]: rows (inner = 1) long, short, with tails; inner 2–3 (scalar), ≥ 4 with and without tails; size 1.
  const shapes = [[1, 1000, 1], [3, 17, 1], [2, 8, 1], [4, 3, 1], [2, 1, 1], [3, 7, 2], [2, 9, 3], [2, 6, 4], [3, 5, 7], [1, 33, 9], [2, 1, 7], [1, 64, 256], [4, 1, 1]];
  // Values with many ties, ±0 side by side, ±Inf; and the same with NaNs sprinkled in.
  const data = (n: number, seed: number, nans: boolean): Float32Array => uniformF32(n, seed, 0, 1).map((v, i) => {
    const k = Math.floor(v * 1000);
    if (nans && k % 37 === 0) return NaN;
    return k % 11 === 0 ? (k % 2 ? Infinity : -Infinity) : k % 5 === 0 ? (i % 2 ? -0 : 0) : (k % 7) - 3;
  });
  const prodData = (n: number, seed: number): Float32Array => uniformF32(n, seed, 0.5, 1.9).map((v, i) => (i % 3 ? v : -v));
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      for (const op of ["max", "min", "argmax", "argmin", "prod"] as const) {
        test(`${backend.name} (${place} arrays): ${op} over the middle axis, bit for bit (NaN, ties, ±0)`, () => {
          const all = op === "prod" ? [...shapes, [3, 0, 5], [2, 0, 1]] : shapes;
          for (const [outer, size, inner] of all as [number, number, number][]) {
            for (const nans of [false, true]) {
              const n = outer * size * inner, seed = n + (nans ? 1 : 0);
              const xs = op === "prod" ? prodData(n, seed) : data(n, seed, nans);
              if (op !== "prod" && nans && size >= 8) xs[(size - 1) * inner] = NaN; // a NaN in the last position of a line
              const x = f32On(backend, place, xs);
              const index = op === "argmax" || op === "argmin";
              const out = index ? (place === "alloc" ? backend.alloc("int32", outer * inner) as Int32Array : new Int32Array(outer * inner)) : f32On(backend, place, new Float32Array(outer * inner));
              backend.reduce(op, x, outer, size, inner, out);
              assertSameBits(out, reference(op, xs, outer, size, inner), `${op} [${outer}, ${size}, ${inner}]${nans ? " with NaN" : ""}`);
            }
          }
        });
      }
    }
  }
});
