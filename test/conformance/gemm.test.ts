import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Generator, getBackend, setBackend, type Backend } from "../../src/index.js";

/** Every backend's GEMM against a float64 triple loop, for all transpose combinations and edge tiles. */
function backends(): Backend[] {
  const found: Backend[] = [];
  for (const name of ["js", "wasm"]) {
    setBackend(name);
    found.push(getBackend());
  }
  return found;
}

function reference(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, lda: number, B: Float32Array, ldb: number, C0: Float32Array, ldc: number, accumulate: boolean): Float64Array {
  const out = new Float64Array(M * ldc);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = accumulate ? C0[i * ldc + j]! : 0;
      for (let k = 0; k < K; k++) s += A[transA ? k * lda + i : i * lda + k]! * B[transB ? j * ldb + k : k * ldb + j]!;
      out[i * ldc + j] = s;
    }
  }
  return out;
}

describe("GEMM conformance on every backend", () => {
  const previous = getBackend().name;
  const shapes: [number, number, number][] = [[1, 1, 1], [7, 13, 5], [4, 8, 16], [65, 129, 33], [64, 256, 100], [3, 2, 0]];
  for (const backend of backends()) {
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            test(`${backend.name}: ${M}×${N}×${K} transA=${transA} transB=${transB} accumulate=${accumulate}`, () => {
              const g = new Generator({ seed: M * 1000 + N * 10 + K });
              const lda = (transA ? M : K) + 3, ldb = (transB ? K : N) + 1, ldc = N + 2;
              const A = new Float32Array((transA ? K : M) * lda + 5), B = new Float32Array((transB ? N : K) * ldb + 5), C = new Float32Array(M * ldc + 4);
              g.uniform(A, -1, 1); g.uniform(B, -1, 1); g.uniform(C, -1, 1);
              const aOff = 2, bOff = 3, cOff = 1;
              const want = reference(transA, transB, M, N, K, A.subarray(aOff), lda, B.subarray(bOff), ldb, C.subarray(cOff), ldc, accumulate);
              const before = C.slice();
              backend.gemm(transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, C, cOff, ldc, accumulate);
              // float32 accumulation of K products of magnitude ≤ 1: error ≤ K·2⁻²³ relative to Σ|a||b| ≤ K.
              const tol = (K + 1) * K * 1.2e-7 + 1e-6;
              for (let i = 0; i < M; i++) {
                for (let j = 0; j < ldc; j++) {
                  const got = C[cOff + i * ldc + j]!;
                  if (j < N) assert.ok(Math.abs(got - want[i * ldc + j]!) <= tol, `C[${i},${j}] = ${got}, want ${want[i * ldc + j]}`);
                  else assert.equal(got, before[cOff + i * ldc + j], `padding C[${i},${j}] untouched`);
                }
              }
              assert.equal(C[0], before[0], "before the offset untouched");
            });
          }
        }
      }
    }
  }
  test("restore the backend", () => setBackend(previous));
});

describe("backend selection", () => {
  test("wasm is the default where WebAssembly SIMD runs (unless DROPOUT_BACKEND says otherwise)", () => {
    if (process.env["DROPOUT_BACKEND"] === undefined) assert.equal(getBackend().name, "wasm");
  });
  test("an unknown backend name is refused with the known ones listed", () => {
    assert.throws(() => setBackend("gpu"), { name: "BackendError", message: 'setBackend: expected one of "js", "wasm", got "gpu".' });
  });
});

describe("the relaxed-SIMD (fused multiply-add) build", () => {
  test("is used when asked for and the runtime has it, and agrees with the float64 reference", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = `
      import { getBackend } from "dropout-ts";
      const b = getBackend();
      const M = 37, N = 45, K = 129;
      const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i)), B = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i));
      const C = new Float32Array(M * N);
      b.gemm(false, true, M, N, K, A, 0, K, Float32Array.from({ length: N * K }, (_, i) => B[(i % K) * N + Math.floor(i / K)]), 0, K, C, 0, N, false);
      let worst = 0;
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) { let s = 0; for (let k = 0; k < K; k++) s += A[i * K + k] * B[k * N + j]; worst = Math.max(worst, Math.abs(s - C[i * N + j])); }
      console.log(JSON.stringify({ variant: b.variant, worst }));`;
    const run = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "--conditions=source", "--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8", env: { ...process.env, DROPOUT_WASM_RELAXED_SIMD: "1", DROPOUT_BACKEND: "wasm" }, timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const { variant, worst } = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { variant: string; worst: number };
    assert.equal(variant, "relaxed-simd");
    assert.ok(worst < 1e-3, `max abs error ${worst}`);
  });

  test("is not used by default", () => {
    if (getBackend().name === "wasm" && process.env["DROPOUT_WASM_RELAXED_SIMD"] !== "1") assert.equal(getBackend().variant, "simd");
  });
});
