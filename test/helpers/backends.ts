import assert from "node:assert/strict";
import { Generator, getBackend, setBackend, type Backend } from "../../src/index.js";
import { createWasmBackend } from "../../src/backend/wasm/wasm-backend.js";

/** Every backend a kernel must agree on: js, wasm over shared memory, and wasm in copy mode (no SharedArrayBuffer). */
export function everyBackend(): Backend[] {
  const previous = getBackend().name;
  const found = ["js", "wasm"].map((name) => { setBackend(name); return getBackend(); });
  setBackend(previous);
  return [...found, { ...createWasmBackend({ sharedMemory: false }), name: "wasm (copy mode)" }];
}

/** The JS reference backend, whatever backend the tests run on. */
export function jsReference(): Backend {
  const previous = getBackend().name;
  setBackend("js");
  const js = getBackend();
  setBackend(previous);
  return js;
}

/** Where a kernel's operands live: the backend's own memory (wasm: used in place) or plain JS arrays (wasm: copied in). */
export type Place = "alloc" | "plain";
export const PLACES: readonly Place[] = ["alloc", "plain"];

export function f32On(backend: Backend, place: Place, values: ArrayLike<number>): Float32Array {
  const out = place === "alloc" ? (backend.alloc("float32", values.length) as Float32Array) : new Float32Array(values.length);
  out.set(values);
  return out;
}

export function uniformF32(n: number, seed: number, lo = -3, hi = 3): Float32Array {
  return new Generator({ seed }).uniform(new Float32Array(n), lo, hi);
}

export function assertSameBits(got: Float32Array | Int32Array, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const w = got instanceof Int32Array ? Int32Array.from(want) : Float32Array.from(want);
  const gb = new Uint32Array(got.slice().buffer), wb = new Uint32Array(w.buffer);
  for (let i = 0; i < got.length; i++) {
    if (Number.isNaN(got[i]) && Number.isNaN(w[i])) continue;
    if (gb[i] !== wb[i]) assert.fail(`${what}: element ${i} is ${got[i]} (0x${gb[i]!.toString(16)}), want ${w[i]} (0x${wb[i]!.toString(16)})`);
  }
}

/** f(a, b) over `shape` with each operand read through its (broadcast) strides, in float64: the binary kernels' reference. */
export function broadcastReference(shape: readonly number[], a: ArrayLike<number>, aStrides: readonly number[], b: ArrayLike<number>, bStrides: readonly number[], f: (x: number, y: number) => number): Float64Array {
  const n = shape.reduce((p, d) => p * d, 1);
  const want = new Float64Array(n);
  const idx = shape.map(() => 0);
  for (let i = 0; i < n; i++) {
    let ai = 0, bi = 0;
    for (let d = 0; d < shape.length; d++) { ai += idx[d]! * aStrides[d]!; bi += idx[d]! * bStrides[d]!; }
    want[i] = f(a[ai]!, b[bi]!);
    for (let d = shape.length - 1; d >= 0 && ++idx[d]! === shape[d]; d--) idx[d] = 0;
  }
  return want;
}
