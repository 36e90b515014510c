import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rowMaxAndExpSum, softExp } from "../../src/backend/js/softmax.js";
import { instantiateKernels } from "../../src/backend/wasm/instance.js";
import { F, Generator, tensor, type Tensor } from "../../src/index.js";
import { assertSameBits, everyBackend, f32On, jsReference, PLACES, uniformF32 } from "../helpers/backends.js";

/**
 * The fused log-softmax, its backward and cross-entropy's backward on every backend: bit for bit
 * equal to the JS reference (whose exponential and summation order the wasm kernels repeat), and
 * within float32 rounding of float64 formulas written out here with Math.exp and Math.log.
 */
const SHAPES: [rows: number, cols: number][] = [[1, 1], [3, 2], [2, 3], [4, 4], [3, 5], [5, 7], [64, 10], [2, 33], [64, 1000]];

function logSoftmaxF64(x: ArrayLike<number>, offset: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[offset + r * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[offset + r * cols + j]! - m);
    for (let j = 0; j < cols; j++) out[r * cols + j] = x[offset + r * cols + j]! - m - Math.log(s);
  }
  return out;
}

/** |got − want| within a few float32 roundings of the values involved (`scale` bounds their size). */
function assertClose(got: Float32Array, want: ArrayLike<number>, scale: ArrayLike<number>, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const tol = 4 * 2 ** -24 * (Math.abs(want[i]!) + Math.abs(scale[i]!)) + 1e-30;
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) assert.fail(`${what}: element ${i} is ${got[i]}, want ${want[i]} ± ${tol}`);
  }
}

describe("the exponential of the fused kernels", () => {
  test("agrees with Math.exp to 2 ulp over [−708, 709], and handles the ends and NaN", () => {
    const g = new Generator({ seed: 7 });
    const xs = [...g.uniform(new Float64Array(20000), -708, 709), ...g.uniform(new Float64Array(20000), -1, 1), 0, -0, 1, -1, 709, -708];
    for (const x of xs) {
      const want = Math.exp(x), got = softExp(x);
      assert.ok(Math.abs(got - want) <= 2 * Number.EPSILON * want, `softExp(${x}) = ${got}, Math.exp ${want}`);
    }
    assert.equal(softExp(0), 1);
    assert.equal(softExp(-Infinity), softExp(-708));
    assert.ok(softExp(-Infinity) > 0 && softExp(-Infinity) < 1e-307);
    assert.ok(Number.isNaN(softExp(NaN)));
  });
});

describe("the wasm row statistics (max and Σ e^(x − max) per row, float64)", () => {
  // Float32 outputs hide most differences in the last bits of a float64 sum; these do not.
  test("equal the JS reference bit for bit: the same exponential and the same order of addition", () => {
    const { memory, exports: k } = instantiateKernels({ sharedMemory: false });
    for (const [rows, cols] of SHAPES) {
      const x = uniformF32(rows * cols, 3 * cols + rows, -8, 8);
      const xp = 65536, sp = xp + 8 * Math.ceil((4 * rows * cols) / 8) + 16;
      new Float32Array(memory.buffer, xp, rows * cols).set(x);
      k.rowMaxExpSumF32(xp, rows, cols, sp);
      const got = new Float64Array(memory.buffer, sp, 2 * rows), want = new Float64Array(2 * rows);
      rowMaxAndExpSum(x, 0, rows, cols, want);
      for (let i = 0; i < 2 * rows; i++) assert.ok(Object.is(got[i], want[i]), `[${rows}, ${cols}] row ${i >> 1} ${i % 2 === 0 ? "max" : "sum"}: wasm ${got[i]}, JS ${want[i]}`);
    }
  });
});

describe("fused softmax kernel conformance on every backend", () => {
  const js = jsReference();
  for (const backend of everyBackend()) {
    for (const place of PLACES) {
      test(`${backend.name} (${place} arrays): logSoftmax equals the JS reference bit for bit and the float64 formula to rounding`, () => {
        for (const [rows, cols] of SHAPES) {
          const n = rows * cols;
          // From element 3 of x: kernels take an offset into their input.
          const xv = uniformF32(n + 3, rows * 100 + cols, -8, 8);
          const x = f32On(backend, place, xv), out = f32On(backend, place, new Float32Array(n));
          backend.logSoftmax(x, 3, rows, cols, out);
          const ref = new Float32Array(n);
          js.logSoftmax(xv, 3, rows, cols, ref);
          assertSameBits(out, ref, `[${rows}, ${cols}]`);
          assertClose(out, logSoftmaxF64(xv, 3, rows, cols), new Float32Array(n).fill(8), `[${rows}, ${cols}] against float64`);
        }
      });

      test(`${backend.name} (${place} arrays): logSoftmaxBackward and crossEntropyBackward equal the JS reference bit for bit and the float64 formulas to rounding`, () => {
        for (const [rows, cols] of SHAPES) {
          const n = rows * cols;
          const logp = new Float32Array(n);
          js.logSoftmax(uniformF32(n, cols, -8, 8), 0, rows, cols, logp);
          const grad = uniformF32(n, 5 + cols);
          const dx = f32On(backend, place, new Float32Array(n));
          backend.logSoftmaxBackward(f32On(backend, place, grad), f32On(backend, place, logp), rows, cols, dx);
          const want = new Float32Array(n);
          js.logSoftmaxBackward(grad, logp, rows, cols, want);
          assertSameBits(dx, want, `logSoftmaxBackward [${rows}, ${cols}]`);
          const f64 = new Float64Array(n), sizes = new Float64Array(n);
          for (let r = 0; r < rows; r++) {
            let s = 0, a = 0;
            for (let j = 0; j < cols; j++) { s += grad[r * cols + j]!; a += Math.abs(grad[r * cols + j]!); }
            for (let j = 0; j < cols; j++) { f64[r * cols + j] = grad[r * cols + j]! - Math.exp(logp[r * cols + j]!) * s; sizes[r * cols + j] = a; }
          }
          assertClose(dx, f64, sizes, `logSoftmaxBackward [${rows}, ${cols}] against float64`);

          // Every class as a target somewhere, and one row with no class (ignored).
          const target = Int32Array.from({ length: rows }, (_, r) => (r === 1 ? -1 : (r * 7) % cols));
          const scale = uniformF32(rows, 9 + rows);
          const ce = f32On(backend, place, new Float32Array(n));
          backend.crossEntropyBackward(f32On(backend, place, logp), target, f32On(backend, place, scale), rows, cols, ce);
          const ceWant = new Float32Array(n);
          js.crossEntropyBackward(logp, target, scale, rows, cols, ceWant);
          assertSameBits(ce, ceWant, `crossEntropyBackward [${rows}, ${cols}]`);
          const ce64 = ceWant.map((_, i) => (Math.exp(logp[i]!) - (i % cols === target[Math.floor(i / cols)] ? 1 : 0)) * scale[Math.floor(i / cols)]!);
          assertClose(ce, ce64, Float32Array.from(ce64, (_, i) => scale[Math.floor(i / cols)]!), `crossEntropyBackward [${rows}, ${cols}] against float64`);
        }
      });
    }

    test(`${backend.name}: rows with infinities, NaN, huge and tied values give PyTorch 1.13's log_softmax, bit for bit as the JS reference`, () => {
      const cols = 5, n = SPECIAL_ROWS.length * cols;
      const x = f32On(backend, "alloc", SPECIAL_ROWS.flat()), out = f32On(backend, "alloc", new Float32Array(n));
      backend.logSoftmax(x, 0, SPECIAL_ROWS.length, cols, out);
      const want = new Float32Array(n);
      js.logSoftmax(Float32Array.from(SPECIAL_ROWS.flat()), 0, SPECIAL_ROWS.length, cols, want);
      assertSameBits(out, want, "special rows");
      TORCH_LOG_SOFTMAX.forEach((row, r) => assertSameBitsOrClose(out.subarray(r * cols, (r + 1) * cols), row, `row ${r} against PyTorch`));
    });
  }
});

/** Rows of five logits and torch.log_softmax(torch.tensor(row, dtype=torch.float32), 0) of each (PyTorch 1.13). */
const SPECIAL_ROWS = [
  [0, -0, 0, -0, 0],
  [Infinity, 1, 2, 3, -Infinity],
  [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
  [1, NaN, 3, 4, 5],
  [-Infinity, 2, -Infinity, 5, -Infinity],
  [3e38, -3e38, 1e30, 0, 3e38],
  [1e-45, -1e-45, 0, 1e-38, 5],
  [-100, -200, -300, -400, -800],
];
const TORCH_LOG_SOFTMAX = [
  [-1.6094379425048828, -1.6094379425048828, -1.6094379425048828, -1.6094379425048828, -1.6094379425048828],
  [NaN, NaN, NaN, NaN, NaN],
  [NaN, NaN, NaN, NaN, NaN],
  [NaN, NaN, NaN, NaN, NaN],
  [-Infinity, -3.0485873222351074, -Infinity, -0.04858732968568802, -Infinity],
  [-0.6931471824645996, -Infinity, -3.0000000054977558e+38, -3.0000000054977558e+38, -0.6931471824645996],
  [-5.026595115661621, -5.026595115661621, -5.026595115661621, -5.026595115661621, -0.026594987139105797],
  [0, -100, -200, -300, -700],
];

/** NaN where NaN, the same infinities, and finite values within float32 rounding of each other. */
function assertSameBitsOrClose(got: Float32Array, want: ArrayLike<number>, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) assert.ok(Object.is(g, w), `${what}: element ${i} is ${g}, want ${w}`);
    else assert.ok(Math.abs(g - w) <= 4 * 2 ** -24 * Math.max(1, Math.abs(w)), `${what}: element ${i} is ${g}, want ${w}`);
  }
}

describe("cross-entropy at class indices (one fused graph node) against the generic ops", () => {
  /** Labels with one row ignored under either ignoreIndex. */
  const labelsFor = (ignoreIndex: number): Tensor => tensor([1, 0, 3, 3, 2, ignoreIndex === 3 ? 1 : -100], { dtype: "int32" });
  const logits = (): Tensor => tensor(Array.from(uniformF32(24, 77, -4, 4)), { dtype: "float32" }).reshape([6, 4]).requiresGrad_();
  const weight = tensor([0.5, 2, 1, 1.5], { dtype: "float32" });
  /** −w[t]·logp[t] by generic ops (x − logsumexp along dim 1), reduced as PyTorch 1.13. */
  function generic(x: Tensor, reduction: "mean" | "sum" | "none", w: Tensor | null, ignoreIndex: number): Tensor {
    const logp = x.sub(x.logsumexp(1, { keepdim: true }));
    const t = labelsFor(ignoreIndex).toArray() as number[];
    const keep = t.map((c) => (c === ignoreIndex ? 0 : 1));
    const safe = tensor(t.map((c, i) => (keep[i] === 1 ? c : 0)), { dtype: "int32" });
    const rowW = tensor(t.map((c, i) => (keep[i] === 0 ? 0 : w === null ? 1 : (w.toArray() as number[])[c]!)), { dtype: "float32" });
    const losses = logp.gather(1, safe.unsqueeze(1)).reshape([-1]).mul(rowW).neg();
    return reduction === "none" ? losses : reduction === "sum" ? losses.sum() : losses.sum().div(rowW.sum());
  }
  for (const reduction of ["mean", "sum", "none"] as const) {
    for (const [name, w] of [["no weight", null], ["weight", weight]] as const) {
      test(`${reduction}, ${name}, ignoreIndex -100 and 3: value and gradient, one NllLossBackward0 node on the logits`, () => {
        for (const ignoreIndex of [-100, 3]) {
          const x1 = logits(), x2 = logits();
          const fused = F.crossEntropy(x1, labelsFor(ignoreIndex), { reduction, ignoreIndex, ...(w === null ? {} : { weight: w }) });
          assert.equal(fused.gradFn?.name, "NllLossBackward0");
          const ref = generic(x2, reduction, w, ignoreIndex);
          assertSameBitsOrClose(fused.dataSync() as Float32Array, ref.dataSync(), `${reduction} loss`);
          const cot = tensor(Array.from(uniformF32(ref.numel(), 3)), { dtype: "float32" }).reshape(ref.shape);
          fused.mul(cot).sum().backward();
          ref.mul(cot).sum().backward();
          assertSameBitsOrClose(x1.grad!.dataSync() as Float32Array, x2.grad!.dataSync(), `${reduction} gradient`);
        }
      });
    }
  }
  test("every row ignored: mean is NaN (0/0, as PyTorch 1.13), sum 0, gradient 0", () => {
    const x = logits();
    const t = tensor([-100, -100, -100, -100, -100, -100], { dtype: "int32" });
    assert.ok(Number.isNaN(F.crossEntropy(x, t).item()));
    const s = F.crossEntropy(x, t, { reduction: "sum" });
    assert.equal(s.item(), 0);
    s.backward();
    assert.deepEqual(Array.from(x.grad!.dataSync()), new Array(24).fill(0));
  });
  test("an ignored row whose logits are −inf still contributes 0", () => {
    const x = tensor([[-Infinity, -Infinity], [1, 2]], { dtype: "float32" });
    const loss = F.crossEntropy(x, tensor([-100, 1], { dtype: "int32" }), { reduction: "none" });
    assert.equal(loss.dataSync()[0], 0);
  });
});
