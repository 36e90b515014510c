import cliProgress from "cli-progress";
import type { Callback, Logs, TrainContext } from "../index.js";

/**
 * A per-epoch progress bar for fit (cli-progress). On a terminal it redraws in place with the
 * running loss and accuracy; when output is not a TTY (CI, a log file) it prints one line per epoch.
 */
export class ProgressBar implements Callback {
  private bar: cliProgress.SingleBar | null = null;
  private readonly stream: NodeJS.WriteStream;

  constructor(options: { stream?: NodeJS.WriteStream } = {}) {
    this.stream = options.stream ?? process.stderr;
  }

  onEpochBegin(epoch: number, ctx: TrainContext): void {
    if (!this.stream.isTTY) return;
    this.bar = new cliProgress.SingleBar({
      format: `Epoch ${epoch + 1}/${ctx.epochs} [{bar}] {value}/{total} | {eta_formatted} left | loss {loss} | acc {accuracy}`,
      stream: this.stream,
      hideCursor: true,
      clearOnComplete: true,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(ctx.stepsPerEpoch, 0, { loss: "-", accuracy: "-" });
  }

  onBatchEnd(batch: number, logs: Logs): void {
    this.bar?.update(batch + 1, { loss: (logs["loss"] ?? NaN).toFixed(4), accuracy: (logs["accuracy"] ?? NaN).toFixed(4) });
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): void {
    this.bar?.stop();
    this.bar = null;
    const figures = Object.entries(logs).filter(([k]) => k !== "seconds").map(([k, v]) => `${k} ${v.toFixed(4)}`).join(" - ");
    this.stream.write(`Epoch ${epoch + 1}/${ctx.epochs} - ${(logs["seconds"] ?? 0).toFixed(1)}s - ${figures}\n`);
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
