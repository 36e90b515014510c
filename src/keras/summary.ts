/**
 * Keras' model.summary() table (tf.keras 2.9–2.12, the layout for sequential-like models): 65 columns,
 * column stops at 29 and 55, a blank row after each layer, then the parameter totals with
 * thousands separators.
 */
import type { Layer } from "./layers/layer.js";

const LINE_LENGTH = 65;
const STOPS = [29, 55, 65] as const;
const LINE_BREAKS = ["),", "},", "],", "',"];

/** Keras' print_row: each field cut to its column (2 spaces between), overflow on the next lines. */
function rows(fields: readonly string[]): string[] {
  const left = [...fields];
  const lines: string[] = [];
  while (left.some((f) => f !== "")) {
    let line = "";
    left.forEach((field, col) => {
      const start = col === 0 ? 0 : STOPS[col - 1]!;
      const space = col === STOPS.length - 1 ? 0 : 2;
      let cutoff = STOPS[col]! - start - space;
      let fit = field.slice(0, cutoff);
      const breaks = LINE_BREAKS.filter((b) => fit.includes(b)).map((b) => fit.indexOf(b) + b.length);
      if (breaks.length > 0) {
        cutoff = Math.min(...breaks);
        fit = fit.slice(0, cutoff);
      }
      line += (col === 0 ? " " : "") + fit + " ".repeat(space);
      left[col] = field.slice(cutoff);
      line += " ".repeat(Math.max(0, STOPS[col]! - line.length));
    });
    lines.push(line);
  }
  return lines;
}

/** Python's tuple text for a batch shape: (None, 512). */
function pythonShape(sampleShape: readonly number[]): string {
  return `(None, ${sampleShape.join(", ")})`;
}

/** Keras prints an InputLayer's output shape as a one-element list. */
function outputShapeText(layer: Layer): string {
  const text = pythonShape(layer.outputShape);
  return layer.className === "InputLayer" ? `[${text}]` : text;
}

const thousands = (n: number): string => n.toLocaleString("en-US");

/** The summary's lines for a model named `name` with `layers` (each built, each once). */
export function summaryLines(name: string, layers: readonly Layer[]): string[] {
  const lines = [`Model: "${name}"`, "_".repeat(LINE_LENGTH), ...rows(["Layer (type)", "Output Shape", "Param #"]), "=".repeat(LINE_LENGTH)];
  let total = 0;
  for (const layer of layers) {
    const params = layer.countParams();
    total += params;
    lines.push(...rows([`${layer.name} (${layer.className})`, outputShapeText(layer), String(params)]), " ".repeat(LINE_LENGTH));
  }
  lines.push("=".repeat(LINE_LENGTH), `Total params: ${thousands(total)}`, `Trainable params: ${thousands(total)}`, "Non-trainable params: 0", "_".repeat(LINE_LENGTH));
  return lines;
}
