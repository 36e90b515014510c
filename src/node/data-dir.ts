import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root directory (where package.json is), from this file's location in src/ or dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/**
 * Where datasets are read from by default: DROPOUT_DATA_DIR if set, else `../shared/data` next to
 * the package (this project's development layout) when it exists, else undefined.
 */
export function resolveDataDir(): string | undefined {
  const fromEnv = process.env["DROPOUT_DATA_DIR"];
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  const shared = resolve(packageRoot(), "..", "shared", "data");
  return existsSync(shared) ? shared : undefined;
}
