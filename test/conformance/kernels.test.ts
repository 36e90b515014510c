import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, getBackend, setBackend, type Backend } from "../../src/index.js";
import { assertSameBits, broadcastReference, everyBackend, f32On, PLACES } from "../helpers/backends.js";
import { dropMaskBits } from "../../src/random/distributions.js";

/**
 * The kernels the wasm backend runs in WebAssembly, on every backend, against references written
 * out here in float64 (rounded to float32 once, as the JS reference does): results must agree bit
 * for bit. Each runs on arrays from the backend's alloc (wasm: resident, used in place) and on
 * plain JS arrays (wasm: copied in, or left to the JS kernels).
 */


function random(n: number, seed: number, specials = false): Float32Array {
  const x = new Generator({ seed }).uniform(new Float32Array(n), -3, 3);
  if (specials && n > 8) { x[1] = 0; x[2] = -0; x[3] = NaN; x[5] = -1e-30; x[7] = Infinity; }
  return x;
}


const ops = { add: (x: number, y: number) => x + y, sub: (x: number, y: number) => x - y, mul: (x: number, y: number) => x * y, div: (x: number, y: number) => x / y, reluGrad: (g: number, y: number) => (y > 0 ? g : 0) } as const;

describe("elementwise kernel conformance on every backend", () => {
  // [out shape, a strides, b strides, b length]: same shape, bias row broadcast, scalar, column broadcast, odd sizes, transposed.
  const cases: [number[], number[], number[], number][] = [
    [[37], [1], [1], 37], [[64, 256], [256, 1], [0, 1], 256], [[5, 7], [7, 1], [0, 0], 1],
    [[6, 9], [9, 1], [1, 0], 6], [[3, 4, 5], [20, 5, 1], [20, 5, 1], 60], [[4, 6], [6, 1], [1, 4], 24], [[0, 3], [3, 1], [3, 1], 0],
    // Rank > 2 after coalescing (a kernel call per [rows, cols] block): a per-channel bias over NCHW, a [3, 1, 1, 16] broadcast.
    [[2, 3, 8, 8], [192, 64, 8, 1], [0, 1, 0, 0], 3], [[3, 4, 5, 16], [320, 80, 16, 1], [16, 0, 0, 1], 48],
  ];
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      for (const [op, f] of Object.entries(ops)) {
        test(`${backend.name} (${place} arrays): binary ${op} over every layout`, () => {
          for (const [shape, aStrides, bStrides, bLength] of cases) {
            const n = shape.reduce((p, d) => p * d, 1);
            const a = f32On(backend, place, random(n, 1, true)), b = f32On(backend, place, random(bLength, 2, true)), out = f32On(backend, place, new Float32Array(n));
            backend.binary(op as keyof typeof ops, a, 0, aStrides, b, 0, bStrides, out, shape);
            const want = broadcastReference(shape, a, aStrides, b, bStrides, f);
            assertSameBits(out, want, `${op} ${JSON.stringify(shape)}`);
          }
        });
      }
      test(`${backend.name} (${place} arrays): relu keeps NaN and turns −0 into +0`, () => {
        for (const n of [1, 3, 4, 37, 1000]) {
          const x = f32On(backend, place, random(n, n, true)), out = f32On(backend, place, new Float32Array(n));
          backend.unary("relu", x, 0, n, out);
          assertSameBits(out, Array.from(x, (v) => (v > 0 ? v : Number.isNaN(v) ? v : 0)), `relu n=${n}`);
        }
      });
      test(`${backend.name} (${place} arrays): sum over the middle axis accumulates in float64`, () => {
        for (const [outer, size, inner] of [[1, 1000, 1], [1, 64, 256], [3, 17, 5], [2, 1, 7], [4, 33, 1]] as const) {
          const x = f32On(backend, place, random(outer * size * inner, size)), out = f32On(backend, place, new Float32Array(outer * inner));
          backend.reduce("sum", x, outer, size, inner, out);
          const want = new Float64Array(outer * inner);
          for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) { let s = 0; for (let j = 0; j < size; j++) s += x[(o * size + j) * inner + i]!; want[o * inner + i] = s; }
          assertSameBits(out, want, `sum [${outer}, ${size}, ${inner}]`);
        }
      });
    }
  }
});

describe("dropout kernel conformance on every backend", () => {
  const keys: [number, number][] = [[0, 0], [12345, 0], [0xdeadbeef, 0x1fffff], [1, 0x12345]];
  // Offsets near 2^32 blocks make the counter's low word wrap inside one call (carry into c1).
  const offsets = [0, 7, 4294967295 - 3, 4294967296 - 1, 4294967296 * 5 + 123];
  for (const backend of everyBackend()) {
    test(`${backend.name}: the keep-mask equals dropMaskBits bit for bit`, () => {
      for (const n of [1, 15, 16, 31, 32, 33, 63, 100, 1027]) {
        for (const p of [0, 0.1, 0.5, 0.999]) {
          for (const [k0, k1] of keys) {
            for (const offset of offsets) {
              const got = backend.dropoutMask(n, p, k0, k1, offset, null, 0, 0, null);
              assert.deepEqual(got, dropMaskBits(n, p, k0, k1, offset), `n=${n} p=${p} key=(${k0}, ${k1}) offset=${offset}`);
            }
          }
        }
      }
    });
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): the fused multiply equals mask then x·scale, for f32-exact and inexact scales`, () => {
        for (const n of [5, 32, 77, 4096]) {
          for (const p of [0.5, 0.3]) {
            const scale = 1 / (1 - p);
            const xs = random(n + 3, n, true);
            const x = f32On(backend, place, xs), out = f32On(backend, place, new Float32Array(n).fill(7));
            const keep = backend.dropoutMask(n, p, 42, 7, 4294967290, x, 3, scale, out);
            const want = dropMaskBits(n, p, 42, 7, 4294967290);
            assert.deepEqual(keep, want);
            assertSameBits(out, Array.from({ length: n }, (_, i) => ((want[i >>> 5]! >>> (i & 31)) & 1 ? xs[3 + i]! * scale : 0)), `fused n=${n} p=${p}`);
            const again = f32On(backend, place, new Float32Array(n));
            backend.maskedScale(x, 3, n, keep, scale, again);
            assertSameBits(again, out, `maskedScale n=${n} p=${p}`);
          }
        }
      });
    }
    test(`${backend.name}: p = 1 keeps nothing`, () => {
      assert.deepEqual(backend.dropoutMask(40, 1, 1, 2, 3, null, 0, 0, null), new Uint32Array(2));
    });
  }
});

describe("Adam kernel conformance on every backend", () => {
  /** PyTorch's float32 Adam: every operation rounded to float32 (f), the scalars once. */
  function reference(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, h: { lr: number; beta1: number; beta2: number; eps: number; step: number }): void {
    const f = Math.fround;
    const bc1 = 1 - Math.pow(h.beta1, h.step), bc2Sqrt = Math.sqrt(1 - Math.pow(h.beta2, h.step));
    const stepSize = f(h.lr / bc1), invBc2 = f(1 / bc2Sqrt), b1 = f(h.beta1), b2 = f(h.beta2), c1 = f(1 - h.beta1), c2 = f(1 - h.beta2), eps = f(h.eps);
    for (let i = 0; i < param.length; i++) {
      const g = grad[i]!;
      const mi = f(f(b1 * m[i]!) + f(c1 * g));
      const vi = f(f(b2 * v[i]!) + f(f(c2 * g) * g));
      m[i] = mi; v[i] = vi;
      const denominator = f(f(f(Math.sqrt(vi)) * invBc2) + eps);
      param[i] = f(param[i]! - f(f(stepSize * mi) / denominator));
    }
  }
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): 5 fused steps equal the float32 formula (each operation rounded), bit for bit`, () => {
        for (const n of [1, 7, 64, 1001]) {
          const p0 = random(n, 1), state = [random(n, 2), random(n, 3).map(Math.abs)] as const;
          const param = f32On(backend, place, p0), m = f32On(backend, place, state[0]), v = f32On(backend, place, state[1]);
          const want = [p0.slice(), state[0].slice(), state[1].slice()] as const;
          for (let step = 1; step <= 5; step++) {
            const grad = f32On(backend, place, random(n, 10 + step));
            const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step };
            backend.adamStep(param, grad, m, v, null, n, h);
            reference(want[0], grad, want[1], want[2], h);
          }
          assertSameBits(param, want[0], `param n=${n}`);
          assertSameBits(m, want[1], `m n=${n}`);
          assertSameBits(v, want[2], `v n=${n}`);
        }
      });
    }
    test(`${backend.name}: on float64 parameters every operation stays in float64`, () => {
      const n = 33, param = Float64Array.from(random(n, 1)), m = Float64Array.from(random(n, 2)), v = Float64Array.from(random(n, 3).map(Math.abs));
      const want = [param.slice(), m.slice(), v.slice()] as const;
      for (let step = 1; step <= 3; step++) {
        const grad = Float64Array.from(random(n, 10 + step));
        const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step };
        backend.adamStep(param, grad, m, v, null, n, h);
        const bc1 = 1 - Math.pow(h.beta1, step), bc2Sqrt = Math.sqrt(1 - Math.pow(h.beta2, step));
        for (let i = 0; i < n; i++) {
          want[1][i] = h.beta1 * want[1][i]! + (1 - h.beta1) * grad[i]!;
          want[2][i] = h.beta2 * want[2][i]! + (1 - h.beta2) * grad[i]! * grad[i]!;
          want[0][i] = want[0][i]! - ((h.lr / bc1) * want[1][i]!) / (Math.sqrt(want[2][i]!) * (1 / bc2Sqrt) + h.eps);
        }
      }
      assert.deepEqual([param, m, v], want);
    });
    test(`${backend.name}: weight decay, AMSGrad and maximize agree with the JS reference`, () => {
      const previous = getBackend().name;
      setBackend("js");
      const js = getBackend();
      setBackend(previous);
      const extras = [{ weightDecay: 0.1, decoupled: false }, { weightDecay: 0.1, decoupled: true }, { maximize: true }, { amsgrad: true }, { weightDecay: 0.05, decoupled: true, maximize: true, amsgrad: true }];
      for (const extra of extras) {
        for (const n of [1, 2, 3, 6, 37, 39, 64]) {
          for (const place of PLACES) {
            const run = (b: Backend): Float32Array[] => {
              const arrays = [random(n, 1), random(n, 2), random(n, 3), random(n, 4).map(Math.abs), random(n, 5).map(Math.abs)].map((a) => f32On(b, place, a));
              for (let step = 1; step <= 3; step++) {
                const h = { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0, decoupled: false, maximize: false, step, ...extra };
                b.adamStep(arrays[0]!, arrays[1]!, arrays[2]!, arrays[3]!, "amsgrad" in extra ? arrays[4]! : null, n, h);
              }
              return arrays;
            };
            const got = run(backend), want = run(js);
            got.forEach((a, i) => assertSameBits(a, want[i]!, `${JSON.stringify(extra)} n=${n} ${place} array ${i}`));
          }
        }
      }
    });
  }
});

describe("copyStrided conformance on every backend", () => {
  for (const backend of everyBackend()) {
    test(`${backend.name}: contiguous, long-row, transposed and converting copies`, () => {
      // [shape, src strides, src length]: long contiguous rows (one memmove), short rows, a transpose.
      for (const [shape, strides, length] of [[[3, 100], [100, 1], 300], [[4, 5], [5, 1], 20], [[100, 3], [1, 100], 300], [[2, 70], [140, 1], 280]] as const) {
        const src = random(length + 7, length);
        const dst = new Float32Array(shape[0] * shape[1] + 9).fill(-9), ints = new Int32Array(shape[0] * shape[1]);
        backend.copyStrided(src, 7, shape, strides, dst, 9);
        backend.copyStrided(src, 7, shape, strides, ints, 0);
        const want = Array.from({ length: shape[0] * shape[1] }, (_, i) => src[7 + Math.floor(i / shape[1]) * strides[0] + (i % shape[1]) * strides[1]]!);
        assertSameBits(dst.subarray(9), want, `copy ${JSON.stringify(shape)}`);
        assert.ok(dst.subarray(0, 9).every((v) => v === -9), "before the offset untouched");
        assert.deepEqual(Array.from(ints), want.map((v) => Math.trunc(v) | 0), "float → int truncates toward zero");
      }
    });
  }
});

describe("fill conformance on every backend", () => {
  for (const backend of everyBackend()) {
    test(`${backend.name}: fill writes value to [offset, offset + length) of every dtype and nothing else`, () => {
      for (const dtype of ["float32", "float64", "int32", "bool"] as const) {
        for (const value of [0, -0, 1, 3.5]) {
          const a = backend.alloc(dtype, 37);
          a.fill(dtype === "bool" ? 1 : 9);
          backend.fill(a, dtype === "bool" ? (value === 0 ? 0 : 1) : value, 5, 30);
          const before = dtype === "bool" ? 1 : 9;
          for (let i = 0; i < 37; i++) {
            const want = i < 5 || i >= 35 ? before : dtype === "bool" ? (value === 0 ? 0 : 1) : dtype === "int32" ? Math.trunc(value) : value;
            assert.ok(Object.is(a[i], dtype === "int32" && Object.is(want, -0) ? 0 : want), `${dtype} fill ${value}: element ${i} is ${a[i]}, want ${want}`);
          }
        }
      }
    });
  }
});
