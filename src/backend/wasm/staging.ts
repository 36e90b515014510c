import type { Arena } from "./arena.js";

type Floats = Float32Array | Uint32Array;

/**
 * Operands of one kernel call as byte pointers into wasm memory: a resident array is used in place,
 * any other is copied into a temporary block (and, for outputs, copied back by `finish`). Views of
 * the memory are made afresh at each copy, never kept: a plain (non-shared) memory detaches them
 * when it grows. One instance is reused across calls; kernels do not nest.
 */
export class Staging {
  private readonly temps: number[] = [];
  private readonly outputs: { ptr: number; array: Floats; offset: number; length: number }[] = [];

  constructor(private readonly arena: Arena) {}

  /** Pointer to a[offset … offset+length), copying it in when it does not live in the memory. */
  input(a: Floats, offset: number, length: number): number {
    if (this.arena.isResident(a)) return a.byteOffset + offset * 4;
    const ptr = this.temp(length * 4);
    this.view(a, ptr, length).set(a.subarray(offset, offset + length));
    return ptr;
  }

  /** Pointer for a kernel to write a[offset … offset+length); `load` also copies the current values in. */
  output(a: Floats, offset: number, length: number, load: boolean): number {
    if (this.arena.isResident(a)) return a.byteOffset + offset * 4;
    const ptr = load ? this.input(a, offset, length) : this.temp(length * 4);
    this.outputs.push({ ptr, array: a, offset, length });
    return ptr;
  }

  /** Scratch bytes for the duration of the call. */
  temp(bytes: number): number {
    const ptr = this.arena.allocBytes(Math.max(bytes, 16), true);
    this.temps.push(ptr, bytes);
    return ptr;
  }

  /** A temporary block holding `values` as i32: the argument and geometry blocks kernels read. */
  words(values: readonly number[]): number {
    const ptr = this.temp(4 * values.length);
    new Int32Array(this.arena.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** Runs `fn` (which stages operands), then finishes: outputs copied back, temporaries released. */
  run<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.finish();
    }
  }

  /** Copies staged outputs back and returns the temporary blocks (run does it; else call it in a finally). */
  finish(): void {
    for (const { ptr, array, offset, length } of this.outputs) array.set(this.view(array, ptr, length), offset);
    this.outputs.length = 0;
    for (let i = 0; i < this.temps.length; i += 2) this.arena.freeBytes(this.temps[i]!, Math.max(this.temps[i + 1]!, 16), true);
    this.temps.length = 0;
  }

  private view(like: Floats, ptr: number, length: number): Floats {
    const buffer = this.arena.memory.buffer;
    return like instanceof Float32Array ? new Float32Array(buffer, ptr, length) : new Uint32Array(buffer, ptr, length);
  }
}
