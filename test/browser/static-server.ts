/**
 * A tiny static server on 127.0.0.1 for the browser test: /isolated/<file> is served with the two
 * headers that make a page cross-origin isolated (SharedArrayBuffer, so Web Worker threads),
 * /plain/<file> without them, /isolated-no-blob-workers/<file> with them and a Content-Security-Policy
 * that forbids workers from blob: URLs (the helpers' scripts).
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".map": "application/json" };

export interface StaticServer { origin: string; close(): Promise<void> }

export async function serveStatic(dir: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const [, mode, file] = url.pathname.split("/");
    if (!(mode === "isolated" || mode === "plain" || mode === "isolated-no-blob-workers") || file === undefined || file !== basename(file)) {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { "Content-Type": TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream", "Cache-Control": "no-store" };
    if (mode !== "plain") Object.assign(headers, { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" });
    if (mode === "isolated-no-blob-workers") headers["Content-Security-Policy"] = "worker-src 'self'";
    readFile(join(dir, file)).then(
      (body) => response.writeHead(200, headers).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
