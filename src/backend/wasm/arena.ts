import { BackendError } from "../../errors.js";
import { type DType, newArray, type TypedArray } from "../dtype.js";

/**
 * The allocator behind wasm-resident tensor storage: power-of-two size classes (64 B … 2 GiB,
 * so every block is 16-byte aligned for SIMD) with a free list each, over a bump pointer that
 * grows the memory in large chunks.
 *
 * Lifetimes: `free(array)` returns a block at once (for callers that know it is dead); a
 * FinalizationRegistry returns it when the view is collected. The registry is only a safety net:
 * V8 clears weak cells in major GCs only, and runs the callbacks as a task, so a synchronous
 * training loop reclaims nothing until it yields. Hence the cap: above `capBytes` of memory, alloc
 * hands out ordinary JS arrays (V8 counts and collects those itself) and kernels copy them in.
 *
 * With a shared memory, growth never detaches a view, so views handed out stay valid forever; a
 * view is resident iff its buffer is one of the memory's SharedArrayBuffers (one per growth).
 */

const MIN_CLASS = 6;
const MAX_CLASS = 31;
const PAGE = 65536;

export interface ArenaStats {
  /** Bytes of the wasm memory. */
  memoryBytes: number;
  /** Bytes in blocks handed out and not yet returned. */
  liveBytes: number;
  /** Bytes in free lists, ready for reuse. */
  freeBytes: number;
  /** Allocations served with ordinary JS arrays because the arena was at its cap (or shared memory is off). */
  fallbacks: number;
  /** Blocks returned by the FinalizationRegistry (not by an explicit free). */
  finalized: number;
}

function classOf(bytes: number): number {
  const c = bytes <= 64 ? MIN_CLASS : 32 - Math.clz32(bytes - 1);
  return c;
}

function view(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, n: number): TypedArray {
  switch (dtype) {
    case "float32": return new Float32Array(buffer, byteOffset, n);
    case "float64": return new Float64Array(buffer, byteOffset, n);
    case "int32": return new Int32Array(buffer, byteOffset, n);
    case "bool": return new Uint8Array(buffer, byteOffset, n);
  }
}

function bytesPer(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4;
}

export class Arena {
  /** Whether alloc hands out views of the memory (shared memory only: plain memories detach views on growth). */
  readonly residentViews: boolean;
  private readonly buffers = new Set<ArrayBufferLike>();
  private readonly freeLists: number[][] = Array.from({ length: MAX_CLASS + 1 }, () => []);
  private readonly scratchLists: number[][] = Array.from({ length: MAX_CLASS + 1 }, () => []);
  private top: number;
  private live = 0;
  private free = 0;
  private fallbacks = 0;
  private finalized = 0;
  /** Whether the last allocBytes reused a freed block (which, unlike fresh memory, is not zero). */
  private reused = false;
  private readonly registry = new FinalizationRegistry<number>((held) => {
    // held = ptr·64 + class: a number, so the registry keeps nothing alive.
    this.finalized++;
    this.release(Math.floor(held / 64), held % 64);
  });

  /**
   * @param start first byte the arena may use (below it: the kernels' static data)
   * @param capBytes memory size above which alloc falls back to JS arrays
   * @param growBytes growth step, so memory grows rarely
   * @param largeBytes size from which alloc always hands out JS arrays
   * @param zero zeroes a reused block; the wasm backend passes memory.fill, 5–10× faster here than
   *   TypedArray.prototype.fill over a SharedArrayBuffer
   * @param poison fills every block handed out unzeroed (tests pass a NaN fill, so a kernel that
   *   leaves part of its output unwritten shows, even in fresh memory)
   */
  constructor(readonly memory: WebAssembly.Memory, start: number, readonly capBytes: number, private readonly growBytes = 16 << 20, private readonly largeBytes = Math.max(capBytes / 8, 1 << 20), private readonly zero?: (ptr: number, bytes: number) => void, private readonly poison?: (ptr: number, bytes: number) => void) {
    this.residentViews = typeof SharedArrayBuffer === "function" && memory.buffer instanceof SharedArrayBuffer;
    this.top = (start + 63) & ~63;
    this.buffers.add(memory.buffer);
  }

  /**
   * A block of at least `bytes` bytes (64-byte aligned), not zeroed; or -1 when that would pass the
   * cap. `scratch` blocks (a kernel call's staging) may pass the cap and have free lists of their
   * own: were they reused for tensors, which live on, staging would keep growing the memory.
   */
  allocBytes(bytes: number, scratch = false): number {
    const c = classOf(bytes);
    if (c > MAX_CLASS) return -1;
    const list = (scratch ? this.scratchLists : this.freeLists)[c]!;
    const size = 2 ** c;
    this.reused = list.length > 0;
    if (list.length > 0) {
      this.free -= size;
      this.live += size;
      return list.pop()!;
    }
    const ptr = this.top, end = ptr + size;
    // The cap bounds tensor storage even where staging (overCap) has grown the memory past it.
    if (end > this.capBytes && !scratch) return -1;
    if (end > this.memory.buffer.byteLength && !this.grow(end, scratch)) return -1;
    this.top = end;
    this.live += size;
    return ptr;
  }

  /** Returns a block from allocBytes (with the same `scratch`). */
  freeBytes(ptr: number, bytes: number, scratch = false): void {
    this.release(ptr, classOf(bytes), scratch);
  }

  /**
   * A zero-filled array: a view of the memory when it fits under the cap, else a JS array. Arrays of
   * `largeBytes` or more are always JS arrays: such tensors (datasets) are seldom hot, and a dead one
   * would hold a large part of the cap until a major GC. With `zeroed` false a reused block keeps
   * whatever it held (for outputs a kernel overwrites), or gets `poison` when one is set.
   */
  alloc(dtype: DType, n: number, zeroed = true): TypedArray {
    return this.place(n * bytesPer(dtype), zeroed, (ptr) => view(dtype, this.memory.buffer, ptr, n)) ?? this.fallback(dtype, n);
  }

  /** `n` 32-bit words (a dropout bit mask) placed as `alloc` places arrays. */
  allocWords(n: number, zeroed = true): Uint32Array {
    const out = this.place(4 * n, zeroed, (ptr) => new Uint32Array(this.memory.buffer, ptr, n));
    if (out !== null) return out;
    if (n > 0) this.fallbacks++;
    return new Uint32Array(n);
  }

  /** A view made by `make` over a new block of `bytes`, registered for finalization; null where a JS array must do. */
  private place<T extends ArrayBufferView>(bytes: number, zeroed: boolean, make: (ptr: number) => T): T | null {
    if (!this.residentViews || bytes === 0 || bytes >= this.largeBytes) return null;
    const ptr = this.allocBytes(bytes);
    if (ptr < 0) return null;
    const out = make(ptr);
    // Fresh memory is zero (memory.grow zeroes it); a reused block is not.
    if (!zeroed) {
      if (this.poison !== undefined) this.poison(ptr, bytes);
    } else if (this.reused) {
      if (this.zero !== undefined) this.zero(ptr, bytes);
      else new Uint8Array(this.memory.buffer, ptr, bytes).fill(0);
    }
    this.registry.register(out, ptr * 64 + classOf(bytes), out);
    return out;
  }

  /** Returns an array from `alloc` now; the caller vouches that nothing reads it again. False if it was not one. */
  freeArray(a: ArrayBufferView): boolean {
    if (!this.registry.unregister(a)) return false;
    this.release(a.byteOffset, classOf(a.byteLength));
    return true;
  }

  /** Whether kernels can use `a` in place: its buffer is this memory (a view from alloc, or a subarray of one). */
  isResident(a: ArrayBufferView): boolean {
    return this.buffers.has(a.buffer);
  }

  stats(): ArenaStats {
    return { memoryBytes: this.memory.buffer.byteLength, liveBytes: this.live, freeBytes: this.free, fallbacks: this.fallbacks, finalized: this.finalized };
  }

  private fallback(dtype: DType, n: number): TypedArray {
    if (n > 0) this.fallbacks++;
    return newArray(dtype, n);
  }

  private release(ptr: number, c: number, scratch = false): void {
    const size = 2 ** c;
    this.live -= size;
    this.free += size;
    (scratch ? this.scratchLists : this.freeLists)[c]!.push(ptr);
  }

  /** Grows the memory to hold `end` bytes (in steps of growBytes); a refusal throws for scratch, else returns false. */
  private grow(end: number, scratch: boolean): boolean {
    const have = this.memory.buffer.byteLength;
    const want = Math.max(end, Math.min(have + this.growBytes, Math.max(this.capBytes, end)));
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE));
    } catch (cause) {
      if (!scratch) return false;
      throw new BackendError({ where: "wasm backend", expected: `memory to grow to ${end} bytes`, got: `growth refused at ${have} bytes`, hint: 'use smaller batches, or setBackend("js").', cause });
    }
    this.buffers.add(this.memory.buffer);
    return true;
  }
}
