import { basename } from "node:path";
import { FASHION_MNIST_CLASSES, MNIST_CLASSES, MNISTArrays } from "../datasets/mnist.js";
import type { ImageDatasetOptions } from "../datasets/image-dataset.js";
import { parseIdxImages, parseIdxLabels } from "../io/idx.js";
import { FormatError } from "../errors.js";
import { resolveDataDir } from "./data-dir.js";
import { downloadMnist, type MnistDownloadOptions } from "./mnist-download.js";
import { findMnistFiles, type MnistKind, readMaybeGzip } from "./mnist-files.js";

export interface MnistLoadOptions extends MnistOptions, MnistDownloadOptions {
  /** Download the files into root when they are missing (checksums verified, written atomically). */
  download?: boolean;
}

export interface MnistOptions extends ImageDatasetOptions {
  /** The folder holding the IDX files (default: DROPOUT_DATA_DIR, ../shared/data, or ./data). */
  root?: string;
  /** The 60 000-image training split (default) or the 10 000-image test split. */
  train?: boolean;
}

function readSplit(kind: MnistKind, options: MnistOptions) {
  const root = options.root ?? resolveDataDir() ?? "./data";
  const { images, labels } = findMnistFiles(root, kind, options.train ?? true);
  const img = parseIdxImages(readMaybeGzip(images), basename(images).replace(/\.gz$/, ""));
  const lab = parseIdxLabels(readMaybeGzip(labels), basename(labels).replace(/\.gz$/, ""));
  if (img.count !== lab.length) {
    throw new FormatError({ where: `IDX files "${basename(images)}" and "${basename(labels)}"`, expected: "as many labels as images", got: `${img.count} images and ${lab.length} labels` });
  }
  return { pixels: img.pixels, labels: lab, rows: img.rows, cols: img.cols };
}

/** Finds the files, downloading them first when asked and missing. */
async function ensureFiles(kind: MnistKind, options: MnistLoadOptions): Promise<MnistOptions> {
  const root = options.root ?? resolveDataDir() ?? "./data";
  if (options.download === true) {
    try {
      findMnistFiles(root, kind, options.train ?? true);
    } catch {
      await downloadMnist(root, kind, options);
    }
  }
  return { ...options, root };
}

/**
 * MNIST handwritten digits read from IDX files (gzip or raw) under `root`, as torchvision's MNIST.
 * `new MNIST({ root, train })` reads files that exist; `await MNIST.load({ ..., download: true })`
 * fetches missing ones first (JavaScript cannot download inside a synchronous constructor).
 */
export class MNIST extends MNISTArrays {
  constructor(options: MnistOptions = {}) {
    super(readSplit("mnist", options), options, MNIST_CLASSES);
  }

  static async load(options: MnistLoadOptions = {}): Promise<MNIST> {
    return new MNIST(await ensureFiles("mnist", options));
  }
}

/** Fashion-MNIST (Zalando): 28×28 grey images of 10 kinds of clothing, same format as MNIST. */
export class FashionMNIST extends MNISTArrays {
  constructor(options: MnistOptions = {}) {
    super(readSplit("fashion-mnist", options), options, FASHION_MNIST_CLASSES);
  }

  static async load(options: MnistLoadOptions = {}): Promise<FashionMNIST> {
    return new FashionMNIST(await ensureFiles("fashion-mnist", options));
  }
}
