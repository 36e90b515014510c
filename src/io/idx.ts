import { FormatError, ValueError } from "../errors.js";

/**
 * The IDX format of MNIST-style datasets: two zero bytes, a type code, the number of dimensions,
 * then each dimension as a big-endian uint32, then the data (big-endian). A pure parser over bytes.
 */

export type IdxDType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxContents {
  dtype: IdxDType;
  dims: number[];
  data: IdxData;
}

const TYPES: Record<number, [IdxDType, number]> = {
  0x08: ["uint8", 1], 0x09: ["int8", 1], 0x0b: ["int16", 2], 0x0c: ["int32", 4], 0x0d: ["float32", 4], 0x0e: ["float64", 8],
};

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function parseIdx(bytes: Uint8Array, name: string): IdxContents {
  const where = `IDX file "${name}"`;
  if (bytes.length < 4) throw new FormatError(`${where}: truncated: ${bytes.length} bytes, shorter than the 4-byte magic number.`);
  if (isGzip(bytes)) throw new FormatError(`${where}: expected raw IDX bytes, got gzip-compressed data. Hint: decompress it first (the Node entry's dataset loaders do this).`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new FormatError({ where, expected: "a magic number starting with two zero bytes", got: `${hex(bytes[0]!)} ${hex(bytes[1]!)}`, hint: "this is not an IDX file." });
  }
  const type = TYPES[bytes[2]!];
  if (type === undefined) throw new FormatError({ where, expected: "a type code of 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e", got: hex(bytes[2]!) });
  const rank = bytes[3]!;
  if (!(rank >= 1 && rank <= 4)) throw new FormatError({ where, expected: "1 to 4 dimensions", got: String(rank) });
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new FormatError(`${where}: truncated: the header needs ${header} bytes but the file has ${bytes.length}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const [dtype, size] = type;
  const items = dims[0]!;
  const itemBytes = dims.slice(1).reduce((a, b) => a * b, 1) * size;
  const expected = items * itemBytes;
  const actual = bytes.length - header;
  if (actual < expected) throw new FormatError(`${where}: truncated: header declares ${items} items of ${itemBytes} bytes but ${actual} bytes follow the ${header}-byte header.`);
  if (actual > expected) throw new FormatError(`${where}: ${actual - expected} unexpected bytes after the ${expected} bytes of data the header declares.`);
  const n = expected / size;
  let data: IdxData;
  switch (dtype) {
    case "uint8": data = bytes.slice(header, header + n); break;
    case "int8": data = new Int8Array(bytes.slice(header, header + n).buffer); break;
    default: {
      data = dtype === "int16" ? new Int16Array(n) : dtype === "int32" ? new Int32Array(n) : dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const at = header + i * size;
        data[i] = dtype === "int16" ? view.getInt16(at, false) : dtype === "int32" ? view.getInt32(at, false) : dtype === "float32" ? view.getFloat32(at, false) : view.getFloat64(at, false);
      }
    }
  }
  return { dtype, dims, data };
}

/** An images file: uint8, 3 dimensions (count × rows × cols). */
export function parseIdxImages(bytes: Uint8Array, name: string): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const idx = parseIdx(bytes, name);
  if (idx.dtype !== "uint8" || idx.dims.length !== 3) {
    throw new FormatError({ where: `IDX file "${name}"`, expected: "uint8 images with 3 dimensions (count × rows × cols)", got: `${idx.dtype} data with ${idx.dims.length} dimensions [${idx.dims.join(", ")}]` });
  }
  return { count: idx.dims[0]!, rows: idx.dims[1]!, cols: idx.dims[2]!, pixels: idx.data as Uint8Array };
}

/** A labels file: uint8, 1 dimension, every label below numClasses. */
export function parseIdxLabels(bytes: Uint8Array, name: string, numClasses = 10): Uint8Array {
  const idx = parseIdx(bytes, name);
  if (idx.dtype !== "uint8" || idx.dims.length !== 1) {
    throw new FormatError({ where: `IDX file "${name}"`, expected: "uint8 labels with 1 dimension", got: `${idx.dtype} data with ${idx.dims.length} dimensions [${idx.dims.join(", ")}]` });
  }
  const labels = idx.data as Uint8Array;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= numClasses) throw new FormatError({ where: `IDX file "${name}"`, expected: `labels in [0, ${numClasses - 1}]`, got: `${labels[i]} at index ${i}` });
  }
  if (!(numClasses > 0)) throw new ValueError({ where: "parseIdxLabels", expected: "numClasses > 0", got: String(numClasses) });
  return labels;
}
