import { BackendError } from "../errors.js";
import type { Backend } from "./backend.js";
import { setArrayAllocator } from "./dtype.js";
import { jsBackend } from "./js/js-backend.js";
import { wasmSimdSupported } from "./wasm/instance.js";
import { createWasmBackend } from "./wasm/wasm-backend.js";

type BackendName = "js" | "wasm";

const factories: Record<BackendName, () => Backend> = { js: () => jsBackend, wasm: createWasmBackend };
const created = new Map<string, Backend>([["js", jsBackend]]);

function envBackend(): string | undefined {
  // Guarded: browsers have no `process`.
  return typeof process === "object" && process !== null ? process.env?.["DROPOUT_BACKEND"] : undefined;
}

function create(name: string): Backend {
  const existing = created.get(name);
  if (existing !== undefined) return existing;
  const factory = factories[name as BackendName];
  if (factory === undefined) {
    throw new BackendError({ where: "setBackend", expected: `one of ${Object.keys(factories).map((n) => `"${n}"`).join(", ")}`, got: `"${name}"` });
  }
  const backend = factory();
  created.set(name, backend);
  return backend;
}

/** The default: DROPOUT_BACKEND if set; else wasm where WebAssembly SIMD runs, falling back to js if it fails to load. */
function initial(): Backend {
  const asked = envBackend();
  if (asked !== undefined && asked !== "") return create(asked);
  if (!wasmSimdSupported()) return jsBackend;
  try {
    return create("wasm");
  } catch {
    return jsBackend;
  }
}

let current: Backend = initial();
setArrayAllocator(current.alloc);

/** The backend new tensors are allocated on and ops run with. */
export function getBackend(): Backend {
  return current;
}

/** Selects the backend by name ("js" or "wasm"); asking for wasm where it cannot load is a BackendError. */
export function setBackend(name: string): void {
  current = create(name);
  setArrayAllocator(current.alloc);
}

export function registerBackend(backend: Backend): void {
  created.set(backend.name, backend);
  (factories as Record<string, () => Backend>)[backend.name] = () => backend;
}
