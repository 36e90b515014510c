import { describe, test } from "node:test";
import type { AdagradParams, Backend, RmspropParams, SgdParams } from "../../src/backend/backend.js";
import { assertSameBits, everyBackend, f32On, jsReference, PLACES, uniformF32, type Place } from "../helpers/backends.js";

/**
 * SGD, RMSprop and Adagrad on every backend against float64 formulas written out here (the order of
 * operations of PyTorch 1.13, rounded to float32 only where a value is stored): bit for bit, on
 * arrays from the backend's alloc and on plain JS arrays, over a few steps so state is read back.
 */
const SIZES = [1, 2, 7, 64, 1001];
const STEPS = 4;

function sgdReference(p: Float32Array, g: Float32Array, buf: Float32Array | null, h: SgdParams): void {
  for (let i = 0; i < p.length; i++) {
    let d = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) d += h.weightDecay * p[i]!;
    if (buf !== null) {
      const b = h.firstStep ? d : h.momentum * buf[i]! + (1 - h.dampening) * d;
      buf[i] = b;
      d = h.nesterov ? d + h.momentum * b : b;
    }
    p[i] = p[i]! - h.lr * d;
  }
}

function rmspropReference(p: Float32Array, g: Float32Array, sq: Float32Array, ga: Float32Array | null, buf: Float32Array | null, h: RmspropParams): void {
  for (let i = 0; i < p.length; i++) {
    let gi = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) gi += h.weightDecay * p[i]!;
    const s = h.alpha * sq[i]! + (1 - h.alpha) * gi * gi;
    sq[i] = s;
    let avg = Math.sqrt(s) + h.eps;
    if (ga !== null) {
      const a = h.alpha * ga[i]! + (1 - h.alpha) * gi;
      ga[i] = a;
      avg = Math.sqrt(s - a * a) + h.eps;
    }
    if (buf !== null) {
      const b = h.momentum * buf[i]! + gi / avg;
      buf[i] = b;
      p[i] = p[i]! - h.lr * b;
    } else p[i] = p[i]! - (h.lr * gi) / avg;
  }
}

function adagradReference(p: Float32Array, g: Float32Array, sum: Float32Array, h: AdagradParams): void {
  const clr = h.lr / (1 + (h.step - 1) * h.lrDecay);
  for (let i = 0; i < p.length; i++) {
    let gi = h.maximize ? -g[i]! : g[i]!;
    if (h.weightDecay !== 0) gi += h.weightDecay * p[i]!;
    const s = sum[i]! + gi * gi;
    sum[i] = s;
    p[i] = p[i]! - (clr * gi) / (Math.sqrt(s) + h.eps);
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
  {}, { centered: true }, { momentum: 0.9 }, { centered: true, momentum: 0.8, weightDecay: 0.1 }, { maximize: true, alpha: 0.9 },
];
const adagradCases: Partial<AdagradParams>[] = [{}, { lrDecay: 0.1 }, { weightDecay: 0.1, maximize: true }, { eps: 1e-3, lrDecay: 0.01, weightDecay: 0.05 }];

describe("SGD, RMSprop and Adagrad kernel conformance on every backend", () => {
  const js = jsReference();
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): SGD equals the float64 formula bit for bit`, () => {
        for (const c of sgdCases) {
          const withBuffer = (c.momentum ?? 0) > 0;
          agree(backend, place, `SGD ${JSON.stringify(c)}`, withBuffer ? 1 : 0, (b, [p, buf], g, step) => {
            const h: SgdParams = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false, firstStep: step === 1, ...c };
            if (b === null) sgdReference(p!, g, buf ?? null, h);
            else b.sgdStep(p!, g, buf ?? null, p!.length, h);
          });
        }
      });
      test(`${backend.name} (${place} arrays): RMSprop equals the float64 formula bit for bit`, () => {
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
      test(`${backend.name} (${place} arrays): Adagrad equals the float64 formula bit for bit`, () => {
        for (const c of adagradCases) {
          agree(backend, place, `Adagrad ${JSON.stringify(c)}`, 1, (b, [p, sum], g, step) => {
            const h: AdagradParams = { lr: 0.1, lrDecay: 0, weightDecay: 0, eps: 1e-10, maximize: false, step, ...c };
            if (b === null) adagradReference(p!, g, sum!, h);
            else b.adagradStep(p!, g, sum!, p!.length, h);
          });
        }
      });
    }
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
