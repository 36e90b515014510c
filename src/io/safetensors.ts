import type { DType } from "../backend/dtype.js";
import { FormatError, ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape, numelOf } from "../util/shape.js";

/**
 * The safetensors format (interoperable with PyTorch's `safetensors`): an 8-byte little-endian
 * header length, a JSON header mapping names to { dtype, shape, data_offsets }, then the raw
 * little-endian bytes. Pure functions over Uint8Array, usable in the browser.
 */

const toCode: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
const fromCode: Record<string, DType> = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };
const bytesPer: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export function toSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  if ("__metadata__" in tensors) throw new ValueError({ where: "toSafetensors", expected: "tensor names other than __metadata__", got: "__metadata__" });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header["__metadata__"] = metadata;
  let offset = 0;
  const parts: Uint8Array[] = [];
  // Sorted by name, as the reference implementation writes them.
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    const data = t.dataSync();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype: toCode[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces to 8-byte alignment (allowed by the format, and keeps data aligned).
  json += " ".repeat((8 - ((json.length + 8) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export interface SafetensorsContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

export function fromSafetensors(bytes: Uint8Array, name = "safetensors"): SafetensorsContents {
  const where = `safetensors file "${name}"`;
  if (bytes.length < 8) throw new FormatError({ where, expected: "at least the 8-byte header length", got: `${bytes.length} bytes` });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (!(headerLength > 1 && 8 + headerLength <= bytes.length)) {
    throw new FormatError({ where, expected: `a header length that fits in the file (${bytes.length - 8} bytes after the length)`, got: String(headerLength) });
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (cause) {
    throw new FormatError({ where, expected: "a JSON header", got: "text that does not parse", cause });
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, Tensor> = {};
  let metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header)) {
    if (key === "__metadata__") { metadata = value as Record<string, string>; continue; }
    const entry = value as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    const dtype = fromCode[entry.dtype ?? ""];
    if (dtype === undefined) throw new FormatError({ where, expected: `tensor "${key}" of dtype F32, F64, I32 or BOOL`, got: `dtype ${String(entry.dtype)}` });
    const shape = entry.shape ?? [];
    const [begin, end] = entry.data_offsets ?? [NaN, NaN];
    const size = numelOf(shape) * bytesPer[dtype];
    if (!(Number.isInteger(begin) && Number.isInteger(end) && begin >= 0 && end <= dataLength && end - begin === size)) {
      throw new FormatError({ where, expected: `tensor "${key}" of shape ${fmtShape(shape)} to span ${size} bytes inside the ${dataLength}-byte data section`, got: `data_offsets [${begin}, ${end}]` });
    }
    // An explicit copy: Node's Buffer.slice is a view into a shared pool, not a copy.
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    const data = dtype === "float32" ? new Float32Array(copy.buffer) : dtype === "float64" ? new Float64Array(copy.buffer) : dtype === "int32" ? new Int32Array(copy.buffer) : copy;
    tensors[key] = Tensor.fromArray(data, shape, dtype);
  }
  return { tensors, metadata };
}
