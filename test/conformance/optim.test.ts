import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AdagradParams, Backend, RmspropParams, SgdParams } from "../../src/backend/backend.js";
import { assertSameBits, everyBackend, f32On, jsReference, PLACES, uniformF32, type Place } from "../helpers/backends.js";

/**
 * SGD, RMSprop and Adagrad on every backend against float32 formulas written out here (the order of
 * operations of PyTorch 1.13, every operation rounded to float32 by f, as PyTorch computes on
 * float32): bit for bit, on arrays from the backend's alloc and on plain JS arrays, over a few steps
 * so state is read back. On float64 arrays every operation stays in float64.
 */
const SIZES = [1, 2, 3, 7, 64, 1001];
const STEPS = 4;
const f = Math.fround;

function sgdReference(p: Float32Array, g: Float32Array, buf: Float32Array | null, h: SgdParams): void {
  const lr = f(h.lr), momentum = f(h.momentum), undamped = f(1 - h.dampening), wd = f(h.weightDecay);
  for (let i = 0; i < p.length; i++) {
    let d = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) d = f(d + f(wd * p[i]!));
    if (buf !== null) {
      const b = h.firstStep ? d : f(f(momentum * buf[i]!) + f(undamped * d));
      buf[i] = b;
      d = h.nesterov ? f(d + f(momentum * b)) : b;
    }
    p[i] = f(p[i]! - f(lr * d));
  }
}

function rmspropReference(p: Float32Array, g: Float32Array, sq: Float32Array, ga: Float32Array | null, buf: Float32Array | null, h: RmspropParams): void {
  const alpha = f(h.alpha), rest = f(1 - h.alpha), eps = f(h.eps), wd = f(h.weightDecay), lr = f(h.lr), momentum = f(h.momentum);
  for (let i = 0; i < p.length; i++) {
    let gi = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) gi = f(gi + f(wd * p[i]!));
    const s = f(f(alpha * sq[i]!) + f(f(rest * gi) * gi));
    sq[i] = s;
    let avg = f(f(Math.sqrt(s)) + eps);
    if (ga !== null) {
      const a = f(f(alpha * ga[i]!) + f(rest * gi));
      ga[i] = a;
      avg = f(f(Math.sqrt(f(s - f(a * a)))) + eps);
    }
    if (buf !== null) {
      const b = f(f(momentum * buf[i]!) + f(gi / avg));
      buf[i] = b;
      p[i] = f(p[i]! - f(lr * b));
    } else p[i] = f(p[i]! - f(f(lr * gi) / avg));
  }
}

function adagradReference(p: Float32Array, g: Float32Array, sum: Float32Array, h: AdagradParams): void {
  const clr = f(h.lr / (1 + (h.step - 1) * h.lrDecay)), wd = f(h.weightDecay), eps = f(h.eps);
  for (let i = 0; i < p.length; i++) {
    let gi = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) gi = f(gi + f(wd * p[i]!));
    const s = f(sum[i]! + f(gi * gi));
    sum[i] = s;
    p[i] = f(p[i]! - f(f(clr * gi) / f(f(Math.sqrt(s)) + eps)));
  }
}

/** Runs `steps` updates on copies of the same start state on `backend` and with `reference`, then compares every array. */
function agree(backend: Backend, place: Place, what: string, stateCount: number, update: (b: Backend | null, arrays: Float32Array[], grad: Float32Array, step: number) => void): void {
  for (const n of SIZES) {
    // The parameter and gradients are signed; the first state (squared average, sum) in [1, 3), others
    // (a gradient average) in [0, 0.5), so a centered RMSprop's sqrt(avg² − mean²) stays real.
    const start = [uniformF32(n, 1), ...Array.from({ length: stateCount }, (_, s) => (s === 0 ? uniformF32(n, 2, 1, 3) : uniformF32(n, 2 + s, 0, 0.5)))];
    const got = start.map((a) => f32On(backend, place, a)), want = start.map((a) => a.slice());
    for (let step = 1; step <= STEPS; step++) {
      const grad = uniformF32(n, 100 + step);
      update(backend, got, f32On(backend, place, grad), step);
      update(null, want, grad, step);
    }
    got.forEach((a, i) => assertSameBits(a, want[i]!, `${what} n=${n} array ${i}`));
  }
}

const sgdCases: Partial<SgdParams>[] = [
  {}, { weightDecay: 0.1 }, { maximize: true }, { momentum: 0.9 }, { momentum: 0.9, dampening: 0.3 },
  { momentum: 0.9, nesterov: true, weightDecay: 0.01 }, { momentum: 0.5, maximize: true, weightDecay: 0.2 },
];
const rmspropCases: (Partial<RmspropParams> & { centered?: boolean })[] = [
  {}, { centered: true }, { momentum: 0.9 }, { centered: true, momentum: 0.8, weightDecay: 0.1 }, { maximize: true, alpha: 0.9 }, { eps: 0.1 }, { centered: true, eps: 0.1 },
];
const adagradCases: Partial<AdagradParams>[] = [{}, { lrDecay: 0.1 }, { weightDecay: 0.1, maximize: true }, { eps: 1e-3, lrDecay: 0.01, weightDecay: 0.05 }];

describe("SGD, RMSprop and Adagrad kernel conformance on every backend", () => {
  const js = jsReference();
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): SGD equals the float32 formula bit for bit`, () => {
        for (const c of sgdCases) {
          const withBuffer = (c.momentum ?? 0) > 0;
          agree(backend, place, `SGD ${JSON.stringify(c)}`, withBuffer ? 1 : 0, (b, [p, buf], g, step) => {
            const h: SgdParams = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, firstStep: step === 1, ...c };
            if (b === null) sgdReference(p!, g, buf ?? null, h);
            else b.sgdStep(p!, g, buf ?? null, p!.length, h);
          });
        }
      });
      test(`${backend.name} (${place} arrays): RMSprop equals the float32 formula bit for bit`, () => {
        for (const { centered, ...c } of rmspropCases) {
          const withBuffer = (c.momentum ?? 0) > 0;
          agree(backend, place, `RMSprop ${JSON.stringify({ centered, ...c })}`, 1 + (centered === true ? 1 : 0) + (withBuffer ? 1 : 0), (b, [p, sq, ...rest], g) => {
            const h: RmspropParams = { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, maximize: false, ...c };
            const ga = centered === true ? rest[0]! : null, buf = withBuffer ? rest[rest.length - 1]! : null;
            if (b === null) rmspropReference(p!, g, sq!, ga, buf, h);
            else b.rmspropStep(p!, g, sq!, ga, buf, p!.length, h);
          });
        }
      });
      test(`${backend.name} (${place} arrays): Adagrad equals the float32 formula bit for bit`, () => {
        for (const c of adagradCases) {
          agree(backend, place, `Adagrad ${JSON.stringify(c)}`, 1, (b, [p, sum], g, step) => {
            const h: AdagradParams = { lr: 0.1, lrDecay: 0, weightDecay: 0, eps: 1e-10, maximize: false, step, ...c };
            if (b === null) adagradReference(p!, g, sum!, h);
            else b.adagradStep(p!, g, sum!, p!.length, h);
          });
        }
      });
    }
    test(`${backend.name}: on float64 parameters SGD, RMSprop and Adagrad stay in float64`, () => {
      const n = 9, start = (seed: number, lo = -1, hi = 1): Float64Array => Float64Array.from(uniformF32(n, seed, lo, hi));
      const [p, g, buf, sq, sum] = [start(1), start(2), start(3), start(4, 1, 3), start(5, 1, 3)];
      const want = [p.slice(), buf.slice(), sq.slice(), sum.slice()];
      backend.sgdStep(p, g, buf, n, { lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: true, weightDecay: 0.01, maximize: false, firstStep: false });
      backend.rmspropStep(p, g, sq, null, null, n, { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, maximize: false });
      backend.adagradStep(p, g, sum, n, { lr: 0.1, lrDecay: 0, weightDecay: 0, eps: 1e-10, maximize: false, step: 1 });
      for (let i = 0; i < n; i++) {
        let d = g[i]! + 0.01 * want[0]![i]!;
        want[1]![i] = 0.9 * want[1]![i]! + (1 - 0.1) * d;
        d = d + 0.9 * want[1]![i]!;
        want[0]![i] = want[0]![i]! - 0.05 * d;
        want[2]![i] = 0.99 * want[2]![i]! + (1 - 0.99) * g[i]! * g[i]!;
        want[0]![i] = want[0]![i]! - (0.01 * g[i]!) / (Math.sqrt(want[2]![i]!) + 1e-8);
        want[3]![i] = want[3]![i]! + g[i]! * g[i]!;
        want[0]![i] = want[0]![i]! - (0.1 * g[i]!) / (Math.sqrt(want[3]![i]!) + 1e-10);
      }
      assert.deepEqual([p, buf, sq, sum], want);
    });
    test(`${backend.name}: the optimizer kernels equal the JS reference on float32 inputs with zeros, NaN and infinities`, () => {
      const n = 37;
      const special = (seed: number): Float32Array => { const x = uniformF32(n, seed); x[1] = 0; x[2] = -0; x[3] = NaN; x[5] = -1e-30; x[7] = Infinity; return x; };
      for (const place of PLACES) {
        const run = (b: Backend): Float32Array[] => {
          const a = [special(1), special(2), uniformF32(n, 3, 0, 2), uniformF32(n, 4, 0, 2), special(5), uniformF32(n, 6, 0, 2)].map((x) => f32On(b, place, x));
          b.sgdStep(a[0]!, a[1]!, a[4]!, n, { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0.1, maximize: false, firstStep: false });
          b.rmspropStep(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, n, { lr: 0.01, alpha: 0.9, eps: 1e-8, weightDecay: 0.1, momentum: 0.5, maximize: true });
          b.adagradStep(a[0]!, a[1]!, a[5]!, n, { lr: 0.1, lrDecay: 0.1, weightDecay: 0.1, eps: 1e-10, maximize: false, step: 3 });
          return a;
        };
        const got = run(backend), want = run(js);
        got.forEach((a, i) => assertSameBits(a, want[i]!, `${place} array ${i}`));
      }
    });
  }
});
