/** GEMM on two threads: the split, bit-identical results to one thread, and a helper that dies. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import "../../src/node/wasm-threads.js";
import { createWasmBackend, type WasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { setNumThreads, splitGemm, splitElements } from "../../src/backend/wasm/kernel-threads.js";
import { jsBackend } from "../../src/backend/js/js-backend.js";
import { splitRange } from "../../src/backend/wasm/conv-kernels.js";

const sleep = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };

/** Runs one big GEMM (which starts the helpers) and waits until `threads` are up, at most 10 s. */
function warmUp(be: WasmBackend, threads: number): void {
  const n = 128;
  const A = be.alloc!("float32", n * n) as Float32Array, C = be.alloc!("float32", n * n) as Float32Array;
  for (let i = 0; i < 500 && (be.kernelThreads()?.threads() ?? 1) < threads; i++) {
    be.gemm(false, false, n, n, n, A, 0, n, A, 0, n, C, 0, n, false);
    sleep(20);
  }
  assert.equal(be.kernelThreads()?.threads(), threads, "helpers up");
}

function filled(be: WasmBackend, n: number, seed: number): Float32Array {
  const a = be.alloc!("float32", n) as Float32Array;
  for (let i = 0; i < n; i++) a[i] = Math.sin(seed + i * 0.37);
  return a;
}

describe("GEMM helper threads", () => {
  test("the split covers C exactly once, on 8-column or register-tile-row boundaries", () => {
    for (const rowTile of [4, 5, 6]) {
      for (const [M, N, parts] of [[64, 256, 2], [784, 256, 2], [1024, 1024, 3], [5, 9, 2], [3, 3, 4]] as const) {
        const ps = splitGemm(M, N, parts, rowTile);
        const covered = new Uint8Array(M * N);
        for (const p of ps) {
          assert.ok((p.j0 % 8 === 0 || p.j0 === N) && (p.i0 % rowTile === 0 || p.i0 === M), `${JSON.stringify(p)} with ${rowTile}-row tiles`);
          for (let i = p.i0; i < p.i1; i++) for (let j = p.j0; j < p.j1; j++) covered[i * N + j]! += 1;
        }
        assert.ok(covered.every((c) => c === 1), `${M}×${N} in ${parts} with ${rowTile}-row tiles`);
      }
    }
  });

  test("two threads give the one-thread result bit for bit (plain, transposed, accumulating, strided C)", () => {
    const be = createWasmBackend({ parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const cases = [[64, 256, 784, false, false, false], [784, 256, 64, true, false, false], [64, 784, 256, false, true, true], [300, 200, 100, true, true, false], [130, 90, 120, false, false, true]] as const;
    for (const [M, N, K, tA, tB, acc] of cases) {
      const ldc = N + 3;
      const A = filled(be, M * K, 1), B = filled(be, K * N, 2);
      const results = [1, 2].map((threads) => {
        setNumThreads(threads);
        const C = filled(be, M * ldc, 3);
        be.gemm(tA, tB, M, N, K, A, 0, tA ? M : K, B, 0, tB ? K : N, C, 0, ldc, acc);
        return C;
      });
      assert.deepEqual(results[1], results[0], `${M}×${N}×${K} transA=${tA} transB=${tB} accumulate=${acc}`);
    }
    be.kernelThreads()!.shutdown();
  });

  test("a convolution's GEMMs with the patches read from the image: two threads give the one-thread result bit for bit", () => {
    const be = createWasmBackend({ parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    // The second W2 convolution (split by columns), and the first's weight gradient (9 columns, computed transposed: split by rows of A from the image).
    const cases = [[{ batch: 4, channels: 32, height: 13, width: 13 }, 64], [{ batch: 4, channels: 1, height: 28, width: 28 }, 32]] as const;
    for (const [shape, M] of cases) {
      const g = { ...shape, kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, outHeight: shape.height - 2, outWidth: shape.width - 2 };
      const rows = shape.channels * 9, cols = shape.batch * g.outHeight * g.outWidth;
      const x = filled(be, shape.batch * shape.channels * shape.height * shape.width, 6), A = filled(be, M * cols, 7);
      for (const transP of [false, true]) {
        const N = transP ? rows : cols;
        const results = [1, 2].map((threads) => {
          setNumThreads(threads);
          const C = filled(be, M * N, 8);
          be.gemmPatches(transP, M, A, 0, transP ? cols : rows, x, g, 0, shape.channels, C, 0, N, false);
          return C;
        });
        assert.deepEqual(results[1], results[0], `${JSON.stringify(shape)} transP=${transP}`);
      }
    }
    be.kernelThreads()!.shutdown();
  });

  test("a helper that dies mid-call fails that call with a BackendError; the next calls run on one thread, correctly", () => {
    const be = createWasmBackend({ helperTimeoutMs: 300, parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const M = 128, N = 128, K = 128;
    const A = filled(be, M * K, 4), B = filled(be, K * N, 5), C = be.alloc!("float32", M * N) as Float32Array;
    be.kernelThreads()!.killOnNextCall(0);
    assert.throws(() => be.gemm(false, false, M, N, K, A, 0, K, B, 0, N, C, 0, N, false), {
      name: "BackendError",
      message: "wasm backend: expected a kernel helper thread to finish within 300 ms, got no answer (the thread died or hangs). Hint: threads are now off for this backend; the next call runs on one thread.",
    });
    assert.equal(be.kernelThreads()!.threads(), 1);
    be.gemm(false, false, M, N, K, A, 0, K, B, 0, N, C, 0, N, false);
    setNumThreads(1);
    const reference = createWasmBackend();
    const C1 = reference.alloc!("float32", M * N) as Float32Array;
    reference.gemm(false, false, M, N, K, A.slice(), 0, K, B.slice(), 0, N, C1, 0, N, false);
    assert.deepEqual(C, C1);
  });

  test("by default a GEMM below 2^23 multiply-adds stays on one thread; a larger one is split", () => {
    const be = createWasmBackend();
    setNumThreads(2);
    const small = 128, big = 512;
    const A = filled(be, big * big, 6), C = be.alloc!("float32", big * big) as Float32Array;
    be.gemm(false, false, small, small, small, A, 0, small, A, 0, small, C, 0, small, false);
    assert.equal(be.kernelThreads(), null, "no helpers for a 2M-MAC GEMM");
    be.gemm(false, false, big, big, big, A, 0, big, A, 0, big, C, 0, big, false);
    assert.notEqual(be.kernelThreads(), null, "helpers started for a 134M-MAC GEMM");
    be.kernelThreads()!.shutdown();
  });

  test("a weighted split gives each part about its share of the tiles, still covering C exactly once", () => {
    for (const shares of [[1, 3], [3, 1], [1, 1], [2, 1, 1]]) {
      for (const [M, N] of [[1024, 1024], [64, 7744], [131, 20]] as const) {
        const ps = splitGemm(M, N, shares.length, 6, shares);
        const covered = new Uint8Array(M * N);
        for (const p of ps) for (let i = p.i0; i < p.i1; i++) for (let j = p.j0; j < p.j1; j++) covered[i * N + j]! += 1;
        assert.ok(covered.every((c) => c === 1), `${M}×${N} in shares ${shares}`);
        if (M * N < 100_000) continue;
        const total = shares.reduce((a, b) => a + b, 0);
        ps.forEach((p, k) => {
          const got = ((p.i1 - p.i0) * (p.j1 - p.j0)) / (M * N), want = shares[k]! / total;
          assert.ok(Math.abs(got - want) < 0.02, `${M}×${N} shares ${shares}: part ${k} has ${got.toFixed(3)} of C, want ${want.toFixed(3)}`);
        });
      }
    }
  });

  test("a thread measured slower gets a smaller share of later splits (within 1.5× of the mean)", () => {
    const be = createWasmBackend({ parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const pool = be.kernelThreads()!;
    const n = 1 << 20, x = be.alloc!("float32", n), out = be.alloc!("float32", n);
    // The helper's part: exp of 1M elements (a few ms); this thread's: 20 ms of waiting, as a thread slowed by another process.
    const EXP = 11;
    for (let i = 0; i < 4; i++) pool.run("unaryF32", 2, () => [EXP, x.byteOffset, out.byteOffset, n], () => sleep(20), [1, 1]);
    const [here, helper] = pool.shares(2);
    assert.ok(here! < helper!, `shares ${here}, ${helper}: this thread was slower`);
    assert.ok(helper! / here! <= 2.25 + 1e-9, `shares ${here}, ${helper}: clamped`);
    pool.shutdown();
  });

  test("mask ranges start on multiples of 128 (a mask word and a Philox block) and cover every element once", () => {
    for (const [n, parts] of [[1000, 2], [4099, 2], [129, 2], [100, 2], [70_001, 3]] as const) {
      const ranges = splitElements(n, parts);
      let next = 0;
      for (const [from, to] of ranges) {
        assert.ok(from === next && from % 128 === 0 && to > from, `${n}/${parts}: ${JSON.stringify(ranges)}`);
        next = to;
      }
      assert.equal(next, n);
    }
  });

  test("a dropout mask (and the fused multiply) on two threads is the js reference bit for bit, across the 2^32-block carry", () => {
    const be = createWasmBackend({ parallelMinElements: 1, parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    for (const [n, p, offset] of [[1000, 0.3, 0], [4099, 0.5, 7], [70_001, 0.25, 2 ** 32 - 5000], [333, 0.9, 2 ** 40 + 3]] as const) {
      const x = filled(be, n, 7), out = be.alloc!("float32", n) as Float32Array, expectedOut = new Float32Array(n);
      const scale = 1 / (1 - p);
      const bits = be.dropoutMask(n, p, 0x1234567, 0x89abcdef, offset, x, 0, scale, out);
      const expected = jsBackend.dropoutMask(n, p, 0x1234567, 0x89abcdef, offset, x.slice(), 0, scale, expectedOut);
      assert.deepEqual(bits, expected, `mask n=${n} offset=${offset}`);
      assert.deepEqual(out, expectedOut, `output n=${n}`);
      assert.deepEqual(be.dropoutMask(n, p, 5, 6, offset, null, 0, 0, null), jsBackend.dropoutMask(n, p, 5, 6, offset, null, 0, 0, null), `mask only n=${n}`);
    }
    be.kernelThreads()!.shutdown();
  });

  test("an Adam update on two threads is the js reference bit for bit", () => {
    const be = createWasmBackend({ parallelMinParameters: 1, parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const parallel = be.kernelThreads()!.parallelCalls;
    for (const n of [1000, 4099, 70_001]) {
      const state = [filled(be, n, 1), filled(be, n, 2), filled(be, n, 3), filled(be, n, 4).map(Math.abs)];
      const expected = state.map((a) => a.slice());
      for (const step of [1, 2, 3]) {
        const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step };
        be.adamStep(state[0]!, state[1]!, state[2]!, state[3]!, null, n, h);
        jsBackend.adamStep(expected[0]!, expected[1]!, expected[2]!, expected[3]!, null, n, h);
      }
      for (const i of [0, 2, 3]) assert.deepEqual(state[i], expected[i], `n=${n}, array ${i}`);
    }
    assert.equal(be.kernelThreads()!.parallelCalls - parallel, 9, "every update ran split");
    be.kernelThreads()!.shutdown();
  });

  test("unary and binary elementwise kernels on two threads (split by rows, or one row by columns) are the js reference bit for bit", () => {
    const be = createWasmBackend({ parallelMinElementwise: 1, parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const parallel = be.kernelThreads()!.parallelCalls;
    let calls = 0;
    for (const [rows, cols] of [[1, 4099], [7, 333], [64, 1000]] as const) {
      const n = rows * cols, a = filled(be, n, 8), b = filled(be, n, 9), bias = filled(be, cols, 10);
      for (const op of ["add", "mul", "reluGrad", "maximum"] as const) {
        for (const [bb, bStrides] of [[b, [cols, 1]], [bias, [0, 1]]] as const) {
          const out = be.alloc!("float32", n) as Float32Array, want = new Float32Array(n);
          be.binary(op, a, 0, [cols, 1], bb, 0, bStrides, out, [rows, cols]);
          jsBackend.binary(op, a.slice(), 0, [cols, 1], bb.slice(), 0, bStrides, want, [rows, cols]);
          assert.deepEqual(out, want, `${op} ${rows}×${cols}`);
          calls++;
        }
      }
      const lt = be.alloc!("bool", n) as Uint8Array, ltWant = new Uint8Array(n);
      be.binary("lt", a, 0, [cols, 1], b, 0, [cols, 1], lt, [rows, cols]);
      jsBackend.binary("lt", a.slice(), 0, [cols, 1], b.slice(), 0, [cols, 1], ltWant, [rows, cols]);
      assert.deepEqual(lt, ltWant, `lt ${rows}×${cols}`);
      for (const op of ["relu", "exp", "tanh"] as const) {
        const out = be.alloc!("float32", n) as Float32Array, want = new Float32Array(n);
        be.unary(op, a, 0, n, out);
        jsBackend.unary(op, a.slice(), 0, n, want);
        assert.deepEqual(out, want, `${op} of ${n}`);
      }
      const nan = be.alloc!("bool", n) as Uint8Array;
      a[n - 1] = NaN;
      be.unary("isnan", a, 0, n, nan);
      assert.ok(nan[n - 1] === 1 && nan.slice(0, n - 1).every((v) => v === 0), `isnan of ${n}`);
      calls += 5;
    }
    assert.equal(be.kernelThreads()!.parallelCalls - parallel, calls, "every call ran split");
    be.kernelThreads()!.shutdown();
  });

  test("im2col, col2im, the NCHW reorders, max and average pooling on two threads are the js reference bit for bit", () => {
    const be = createWasmBackend({ parallelMinMoves: 1, parallelMinMacs: 1 });
    setNumThreads(2);
    warmUp(be, 2);
    const parallel = be.kernelThreads()!.parallelCalls;
    // Conv2d(32, 64, 3) of the CNN, and an odd one (padding, stride 2) with 3 channels: ranges split unevenly.
    for (const g of [
      { batch: 4, channels: 32, height: 13, width: 13, kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, outHeight: 11, outWidth: 11 },
      { batch: 3, channels: 3, height: 9, width: 10, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1, outHeight: 5, outWidth: 5 },
    ]) {
      const C = g.channels, P = g.batch * g.outHeight * g.outWidth, K = C * g.kh * g.kw, n = g.batch * C * g.height * g.width;
      const x = filled(be, n, 8), cols = be.alloc!("float32", K * P) as Float32Array, wantCols = new Float32Array(K * P);
      be.im2col(x, g, 0, C, cols);
      jsBackend.im2col(x.slice(), g, 0, C, wantCols);
      assert.deepEqual(cols, wantCols, "im2col");
      const dx = filled(be, n, 9), wantDx = dx.slice();
      be.col2im(cols, g, 0, C, dx);
      jsBackend.col2im(wantCols, g, 0, C, wantDx);
      assert.deepEqual(dx, wantDx, "col2im");
      const plane = g.outHeight * g.outWidth, bias = filled(be, C, 10);
      const out = be.alloc!("float32", C * P) as Float32Array, wantOut = new Float32Array(C * P);
      be.rowsToNchw(cols, C, g.batch, plane, C, 0, bias, out);
      jsBackend.rowsToNchw(cols.slice(0, C * P), C, g.batch, plane, C, 0, bias.slice(), wantOut);
      assert.deepEqual(out, wantOut, "rowsToNchw");
      const rows = be.alloc!("float32", C * P) as Float32Array, sums = be.alloc!("float32", C) as Float32Array;
      const wantRows = new Float32Array(C * P), wantSums = new Float32Array(C);
      be.nchwToRows(out, C, g.batch, plane, C, 0, rows, sums);
      jsBackend.nchwToRows(wantOut, C, g.batch, plane, C, 0, wantRows, wantSums);
      assert.deepEqual(rows, wantRows, "nchwToRows");
      assert.deepEqual(sums, wantSums, "nchwToRows sums");
      const pg = { planes: g.batch * C, height: g.height, width: g.width, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, outHeight: g.height >> 1, outWidth: g.width >> 1 };
      const m = pg.planes * pg.outHeight * pg.outWidth;
      const pooled = be.alloc!("float32", m) as Float32Array, argmax = be.alloc!("int32", m) as Int32Array;
      const wantPooled = new Float32Array(m), wantArgmax = new Int32Array(m);
      be.maxPool2d(x, pg, pooled, argmax);
      jsBackend.maxPool2d(x.slice(), pg, wantPooled, wantArgmax);
      assert.deepEqual(pooled, wantPooled, "maxPool2d");
      assert.deepEqual(argmax, wantArgmax, "maxPool2d argmax");
      const back = filled(be, n, 11), wantBack = back.slice();
      be.maxPool2dBackward(pooled, pg, argmax, back);
      jsBackend.maxPool2dBackward(wantPooled, pg, wantArgmax, wantBack);
      assert.deepEqual(back, wantBack, "maxPool2dBackward");
      const avg = be.alloc!("float32", m) as Float32Array, wantAvg = new Float32Array(m);
      be.avgPool2d(x, { ...pg, kh: 3, kw: 3, ph: 1, pw: 1 }, false, 0, avg);
      jsBackend.avgPool2d(x.slice(), { ...pg, kh: 3, kw: 3, ph: 1, pw: 1 }, false, 0, wantAvg);
      assert.deepEqual(avg, wantAvg, "avgPool2d");
      be.avgPool2dBackward(avg, { ...pg, kh: 3, kw: 3, ph: 1, pw: 1 }, false, 0, back);
      jsBackend.avgPool2dBackward(wantAvg, { ...pg, kh: 3, kw: 3, ph: 1, pw: 1 }, false, 0, wantBack);
      assert.deepEqual(back, wantBack, "avgPool2dBackward");
    }
    assert.equal(be.kernelThreads()!.parallelCalls - parallel, 16, "every call split");
    be.kernelThreads()!.shutdown();
  });

  test("splitRange covers [0, total) once, in order, without empty parts", () => {
    for (const [total, parts] of [[288, 2], [9, 2], [1, 2], [3, 4], [1000, 3]] as const) {
      const ranges = splitRange(total, parts);
      let next = 0;
      for (const [from, to] of ranges) {
        assert.ok(from === next && to > from, `${total}/${parts}: ${JSON.stringify(ranges)}`);
        next = to;
      }
      assert.equal(next, total);
      assert.equal(ranges.length, Math.min(total, parts));
    }
  });

  test("setNumThreads takes an integer from 1 to 64", () => {
    assert.throws(() => setNumThreads(0), { name: "BackendError", message: "setNumThreads: expected an integer from 1 to 64, got 0." });
    assert.throws(() => setNumThreads(1.5), { name: "BackendError" });
  });
});
