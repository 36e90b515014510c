import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { Generator, getBackend, setBackend, type Backend } from "../../src/index.js";
import { createWasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { everyBackend, type Place } from "../helpers/backends.js";

/**
 * Every backend's GEMM against a float64 triple loop: all transpose combinations, accumulate,
 * offsets and strided operands, on arrays from the backend's alloc (wasm: resident, used in place)
 * and plain JS arrays (wasm: copied in), and in the copy mode without shared memory. The shapes
 * reach every edge of the wasm kernel's blocking (register tile 5×8 or 6×8, K blocks of ≤ 256,
 * A blocks of 120 rows, B blocks of 2048 columns). This file also runs itself once more under the
 * relaxed-SIMD (FMA) build; see the last describe.
 */
const RELAXED_CHILD = process.env["DROPOUT_GEMM_RELAXED_CHILD"] === "1";

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

function array(backend: Backend, place: Place, n: number): Float32Array {
  return place === "alloc" ? (backend.alloc("float32", n) as Float32Array) : new Float32Array(n);
}

// [M, N, K]: tiny, every partial tile (rows 1–7 over a tile, columns 1–7 over 8), K = 0, K in
// several unequal blocks, M over one A block, N over one B block; few columns (13×17, 40×9, 64×10),
// which the wasm backend computes as Cᵀ = op(B)ᵀ·op(A)ᵀ.
const shapes: [number, number, number][] = [
  [1, 1, 1], [7, 13, 5], [4, 8, 16], [6, 8, 3], [5, 16, 7], [11, 15, 9], [65, 129, 33], [64, 256, 100], [3, 2, 0],
  [13, 17, 600], [131, 20, 40], [9, 2061, 6], [2, 9, 1030], [40, 9, 300], [64, 10, 256],
];

describe(`GEMM conformance on every backend${RELAXED_CHILD ? " (relaxed-SIMD build)" : ""}`, () => {
  for (const backend of everyBackend()) {
    for (const place of backend.name === "js" ? (["plain"] as const) : (["alloc", "plain"] as const)) {
      for (const [M, N, K] of shapes) {
        test(`${backend.name} (${place} arrays): ${M}×${N}×${K}, every transpose and accumulate`, () => {
          for (const transA of [false, true]) {
            for (const transB of [false, true]) {
              for (const accumulate of [false, true]) {
                const what = `${M}×${N}×${K} transA=${transA} transB=${transB} accumulate=${accumulate}`;
                const g = new Generator({ seed: M * 1000 + N * 10 + K });
                const lda = (transA ? M : K) + 3, ldb = (transB ? K : N) + 1, ldc = N + 2;
                const A = array(backend, place, (transA ? K : M) * lda + 5), B = array(backend, place, (transB ? N : K) * ldb + 5), C = array(backend, place, M * ldc + 4);
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
                    if (j < N) {
                      if (!(Math.abs(got - want[i * ldc + j]!) <= tol)) assert.fail(`${what}: C[${i},${j}] = ${got}, want ${want[i * ldc + j]}`);
                    } else if (!Object.is(got, before[cOff + i * ldc + j])) assert.fail(`${what}: padding C[${i},${j}] changed`);
                  }
                }
                assert.equal(C[0], before[0], `${what}: before the offset untouched`);
                for (let i = cOff + M * ldc; i < C.length; i++) assert.equal(C[i], before[i], `${what}: past the end untouched`);
              }
            }
          }
        });
      }
    }
  }
});

describe("GEMM of few columns (computed transposed on wasm)", () => {
  for (const backend of everyBackend()) {
    test(`${backend.name}: 40×9×300 and 64×10×256 equal the same columns of a 16-column product bit for bit`, () => {
      for (const [M, N, K] of [[40, 9, 300], [64, 10, 256]] as const) {
        for (const transA of [false, true]) {
          const g = new Generator({ seed: M + N });
          const A = g.uniform(array(backend, "alloc", M * K), -1, 1), wide = g.uniform(array(backend, "alloc", K * 16), -1, 1);
          const B = array(backend, "alloc", K * N);
          for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) B[k * N + j] = wide[k * 16 + j]!;
          const C = array(backend, "alloc", M * N), Cwide = array(backend, "alloc", M * 16);
          const lda = transA ? M : K;
          backend.gemm(transA, false, M, N, K, A, 0, lda, B, 0, N, C, 0, N, false);
          backend.gemm(transA, false, M, 16, K, A, 0, lda, wide, 0, 16, Cwide, 0, 16, false);
          for (let i = 0; i < M; i++) {
            for (let j = 0; j < N; j++) assert.ok(Object.is(C[i * N + j], Cwide[i * 16 + j]), `${M}×${N}×${K} transA=${transA}: C[${i},${j}] = ${C[i * N + j]}, the wide product has ${Cwide[i * 16 + j]}`);
          }
        }
      }
    });
  }
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
  if (RELAXED_CHILD) {
    test("runs here: the wasm backend, shared and copy mode, uses the relaxed-SIMD kernels", () => {
      const previous = getBackend().name;
      setBackend("wasm");
      assert.equal(getBackend().variant, "relaxed-simd");
      setBackend(previous);
      assert.equal(createWasmBackend({ sharedMemory: false }).variant, "relaxed-simd");
    });
    return;
  }

  test("passes this whole file's conformance checks (node --experimental-wasm-relaxed-simd, DROPOUT_WASM_RELAXED_SIMD=1)", () => {
    const file = new URL(import.meta.url).pathname;
    // A fresh test run, not a subtest of this one (the runner marks its children with NODE_TEST_CONTEXT).
    const env: NodeJS.ProcessEnv = { ...process.env, DROPOUT_WASM_RELAXED_SIMD: "1", DROPOUT_GEMM_RELAXED_CHILD: "1" };
    delete env["NODE_TEST_CONTEXT"];
    const run = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "--expose-gc", "--conditions=source", "--import", "tsx", "--test", "--test-reporter=tap", file], {
      encoding: "utf8", env, timeout: 300_000,
    });
    const failures = run.stdout.split("\n").filter((line) => /^\s*not ok /.test(line));
    assert.equal(run.status, 0, `relaxed-SIMD run failed:\n${failures.join("\n")}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
    assert.match(run.stdout, /# fail 0/);
    assert.match(run.stdout, /relaxed-SIMD build\)/, "the child ran the conformance checks under the relaxed build");
  });

  test("is used where the runtime validates it, and DROPOUT_WASM_RELAXED_SIMD=0 turns it off", () => {
    const variantUnder = (flags: string[], env: Record<string, string>): string => {
      const code = 'import { getBackend, setBackend } from "dropout-ts"; setBackend("wasm"); console.log(getBackend().variant);';
      const run = spawnSync(process.execPath, [...flags, "--conditions=source", "--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8", env: { ...process.env, ...env } });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.trim();
    };
    assert.equal(variantUnder(["--experimental-wasm-relaxed-simd"], {}), "relaxed-simd");
    assert.equal(variantUnder(["--experimental-wasm-relaxed-simd"], { DROPOUT_WASM_RELAXED_SIMD: "0" }), "simd");
    // Node 20 without the flag has no relaxed SIMD: the plain build.
    if (process.versions.node.startsWith("20.")) assert.equal(variantUnder([], {}), "simd");
  });
});
