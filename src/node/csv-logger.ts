import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Callback, Logs } from "../index.js";

/** Appends one row per epoch (epoch, then every figure) to a CSV file, as Keras' CSVLogger. */
export class CSVLogger implements Callback {
  private columns: string[] | null = null;

  constructor(readonly path: string, readonly options: { append?: boolean } = {}) {}

  onTrainBegin(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    if (this.options.append !== true) writeFileSync(this.path, "");
    this.columns = null;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (this.columns === null) {
      this.columns = Object.keys(logs);
      appendFileSync(this.path, `epoch,${this.columns.join(",")}\n`);
    }
    appendFileSync(this.path, `${epoch},${this.columns.map((c) => String(logs[c] ?? "")).join(",")}\n`);
  }
}

/** One JSON object per epoch per line. */
export class JSONLLogger implements Callback {
  constructor(readonly path: string) {}
  onTrainBegin(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, "");
  }
  onEpochEnd(epoch: number, logs: Logs): void {
    appendFileSync(this.path, `${JSON.stringify({ epoch, ...logs })}\n`);
  }
}
