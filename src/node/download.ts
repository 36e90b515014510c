import { createHash } from "node:crypto";
import { ValueError } from "../errors.js";
import { writeFileAtomic } from "./atomic-write.js";

export interface DownloadOptions {
  /** The expected MD5 of the body (hex); a mismatch deletes nothing but the temporary file and throws. */
  md5?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** An error of a download, naming the URL and what went wrong. */
function failure(url: string, expected: string, got: string, hint?: string): ValueError {
  return new ValueError({ where: `download of ${url}`, expected, got, ...(hint === undefined ? {} : { hint }) });
}

/**
 * Downloads `url` to `dest`: the body is checked against Content-Length (truncation) and the MD5,
 * then written atomically (temporary file + rename), so `dest` is either complete or absent.
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<void> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 120_000);
  let body: Uint8Array;
  let declared: number | undefined;
  try {
    const response = await fetchImpl(url, { signal: controller.signal });
    if (!response.ok) throw failure(url, "HTTP status 200", `${response.status} ${response.statusText}`.trim());
    const length = response.headers.get("content-length");
    declared = length === null ? undefined : Number(length);
    body = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if (cause instanceof ValueError) throw cause;
    if (controller.signal.aborted) throw failure(url, `a response within ${options.timeoutMs ?? 120_000} ms`, "a timeout");
    // undici reports a body cut short as a network error ("terminated"), which is a truncation.
    throw failure(url, "a complete response", `a failed transfer (${(cause as Error).message})`, "check the network connection, or download the files yourself into root.");
  } finally {
    clearTimeout(timer);
  }
  if (declared !== undefined && body.length !== declared) {
    throw failure(url, `${declared} bytes (the declared Content-Length)`, `${body.length} bytes: the body is truncated`);
  }
  if (options.md5 !== undefined) {
    const actual = createHash("md5").update(body).digest("hex");
    if (actual !== options.md5) throw failure(url, `MD5 ${options.md5}`, `MD5 ${actual}`, "the file is corrupt or not the published one; nothing was written.");
  }
  writeFileAtomic(dest, body);
}
