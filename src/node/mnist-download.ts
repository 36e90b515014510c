import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ValueError } from "../errors.js";
import { downloadFile } from "./download.js";
import type { MnistKind } from "./mnist-files.js";
import { MNIST_RESOURCES, type MnistResources } from "./mnist-resources.js";

export interface MnistDownloadOptions {
  /** Overrides the published mirrors and checksums (tests point this at a local server). */
  resources?: MnistResources;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

const md5Of = (path: string): string => createHash("md5").update(readFileSync(path)).digest("hex");

/**
 * Downloads the four files of a dataset into `root/<kind>/`, trying each mirror in turn and
 * verifying every checksum; files already there with the right checksum are kept.
 */
export async function downloadMnist(root: string, kind: MnistKind, options: MnistDownloadOptions = {}): Promise<string> {
  const resources = options.resources ?? MNIST_RESOURCES[kind];
  const dir = join(root, kind);
  for (const [name, md5] of resources.files) {
    const dest = join(dir, name);
    if (existsSync(dest) && md5Of(dest) === md5) continue;
    const errors: string[] = [];
    for (const mirror of resources.mirrors) {
      try {
        await downloadFile(`${mirror}${name}`, dest, { md5, ...(options.fetchImpl === undefined ? {} : { fetchImpl: options.fetchImpl }), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
        errors.length = 0;
        break;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length > 0) {
      throw new ValueError({ where: `download of ${name}`, expected: "a mirror that serves it with the published checksum", got: `${errors.length} failures: ${errors.join(" | ")}` });
    }
  }
  return dir;
}
