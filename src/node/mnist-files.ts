import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FormatError, ValueError } from "../errors.js";
import { isGzip } from "../io/idx.js";

export type MnistKind = "mnist" | "fashion-mnist";

const FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

/** The folders searched under root, in order: root itself, root/<kind>, and torchvision's root/<Class>/raw. */
export function candidateDirs(root: string, kind: MnistKind): string[] {
  return [root, join(root, kind), join(root, kind === "mnist" ? "MNIST" : "FashionMNIST", "raw")];
}

/** Paths of one split's image and label files (gzip or raw), or a clear error saying where it looked. */
export function findMnistFiles(root: string, kind: MnistKind, train: boolean): { images: string; labels: string } {
  const names = train ? FILES.train : FILES.test;
  const looked: string[] = [];
  for (const dir of candidateDirs(root, kind)) {
    const found = (base: string): string | undefined => [`${base}.gz`, base].map((n) => join(dir, n)).find((p) => existsSync(p));
    const images = found(names.images), labels = found(names.labels);
    if (images !== undefined && labels !== undefined) return { images, labels };
    looked.push(dir);
  }
  throw new ValueError({
    where: kind === "mnist" ? "MNIST" : "FashionMNIST",
    expected: `${names.images}[.gz] and ${names.labels}[.gz] (the ${train ? "training" : "test"} split)`,
    got: `no such files in ${looked.map((d) => `"${d}"`).join(", ")}`,
    hint: `use await datasets.${kind === "mnist" ? "MNIST" : "FashionMNIST"}.load({ root, download: true }) to fetch them, or point root (or the DROPOUT_DATA_DIR environment variable) at a folder that has them.`,
  });
}

/** A file's bytes, gunzipped when they are gzip (detected by magic number, not by name). */
export function readMaybeGzip(path: string): Uint8Array {
  const bytes = readFileSync(path);
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (cause) {
    throw new FormatError({ where: `gzip file "${path}"`, expected: "a complete gzip stream", got: `data that does not decompress (${(cause as Error).message})`, hint: "the file is corrupt or truncated; delete it and download it again.", cause });
  }
}
