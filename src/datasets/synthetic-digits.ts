import { ValueError } from "../errors.js";
import { Generator } from "../random/generator.js";
import { ImageClassificationDataset, type ImageDatasetOptions } from "./image-dataset.js";

/** Each digit as polylines in a unit box (x right, y down). */
type Stroke = readonly (readonly [number, number])[];

function ellipse(cx: number, cy: number, rx: number, ry: number, from = 0, to = 2 * Math.PI, n = 18): Stroke {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = from + ((to - from) * i) / n;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

const DIGITS: readonly (readonly Stroke[])[] = [
  [ellipse(0.5, 0.5, 0.27, 0.38)],
  [[[0.36, 0.26], [0.52, 0.1], [0.52, 0.9]]],
  [[[0.25, 0.3], [0.35, 0.13], [0.62, 0.12], [0.74, 0.3], [0.25, 0.88], [0.78, 0.88]]],
  [[[0.25, 0.15], [0.7, 0.15], [0.48, 0.44], [0.74, 0.62], [0.6, 0.87], [0.25, 0.84]]],
  [[[0.64, 0.9], [0.64, 0.1], [0.2, 0.64], [0.8, 0.64]]],
  [[[0.74, 0.12], [0.3, 0.12], [0.27, 0.45], [0.6, 0.42], [0.75, 0.65], [0.6, 0.88], [0.25, 0.85]]],
  [[[0.7, 0.12], [0.42, 0.3], [0.28, 0.6], [0.35, 0.85], [0.6, 0.88], [0.72, 0.68], [0.55, 0.5], [0.3, 0.6]]],
  [[[0.22, 0.12], [0.78, 0.12], [0.42, 0.9]]],
  [ellipse(0.5, 0.3, 0.19, 0.18), ellipse(0.5, 0.68, 0.24, 0.21)],
  [ellipse(0.5, 0.33, 0.22, 0.2), [[0.72, 0.33], [0.64, 0.9]]],
];

export interface SyntheticDigitsOptions extends ImageDatasetOptions {
  /** Number of images. */
  size: number;
  seed?: number;
}

/**
 * 28×28 digit-like images drawn in code: each digit's strokes under a random rotation, slant,
 * scale, shift, stroke width and pixel noise. Needs no files, so demos and tests run anywhere;
 * learnable (an MLP reaches ≥ 0.95), but with enough variation to overfit and to benefit from dropout.
 * The same (size, seed) always gives the same images.
 */
export class SyntheticDigits extends ImageClassificationDataset {
  constructor(options: SyntheticDigitsOptions) {
    const { size } = options;
    if (!(Number.isInteger(size) && size > 0)) throw new ValueError({ where: "SyntheticDigits", expected: "size to be a positive integer", got: String(size) });
    const g = new Generator({ seed: options.seed ?? 0 });
    const labels = new Int32Array(size);
    g.randint(labels, 0, 10);
    const pixels = new Uint8Array(size * 28 * 28);
    const u = new Float32Array(8);
    const noise = new Float32Array(28 * 28);
    for (let i = 0; i < size; i++) {
      g.uniform(u, 0, 1);
      g.uniform(noise, 0, 1);
      drawDigit(labels[i]!, u, noise, pixels.subarray(i * 784, (i + 1) * 784));
    }
    super(pixels, Uint8Array.from(labels), 28, 28, 1, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], options);
  }
}

/** Rasterises one digit with anti-aliased strokes; `u` holds 8 uniforms for its pose. */
function drawDigit(digit: number, u: Float32Array, noise: Float32Array, out: Uint8Array): void {
  const angle = (u[0]! - 0.5) * 0.5; // ±14°
  const slant = (u[1]! - 0.5) * 0.5;
  const scale = 17 + 5 * u[2]!;
  const dx = (u[3]! - 0.5) * 4, dy = (u[4]! - 0.5) * 4;
  const width = 1.1 + 1.4 * u[5]!;
  const bend = (u[6]! - 0.5) * 0.12;
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const segments: number[] = [];
  for (const stroke of DIGITS[digit]!) {
    const pts = stroke.map(([x, y]) => {
      const bx = x - 0.5 + slant * (0.5 - y) + bend * Math.sin(Math.PI * y), by = y - 0.5;
      return [14 + dx + scale * (cos * bx - sin * by), 14 + dy + scale * (sin * bx + cos * by)] as const;
    });
    for (let k = 0; k + 1 < pts.length; k++) segments.push(pts[k]![0], pts[k]![1], pts[k + 1]![0], pts[k + 1]![1]);
  }
  const half = width / 2;
  for (let py = 0; py < 28; py++) {
    for (let px = 0; px < 28; px++) {
      const x = px + 0.5, y = py + 0.5;
      let best = Infinity;
      for (let s = 0; s < segments.length; s += 4) best = Math.min(best, segmentDistance(x, y, segments[s]!, segments[s + 1]!, segments[s + 2]!, segments[s + 3]!));
      const ink = Math.min(Math.max(half + 0.5 - best, 0), 1);
      const value = 255 * ink * (0.75 + 0.25 * u[7]!) + 40 * Math.max(noise[py * 28 + px]! - 0.85, 0) * 6.67;
      out[py * 28 + px] = Math.min(255, Math.round(value));
    }
  }
}

function segmentDistance(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const vx = x2 - x1, vy = y2 - y1;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.min(Math.max(((x - x1) * vx + (y - y1) * vy) / len2, 0), 1);
  const ex = x1 + t * vx - x, ey = y1 + t * vy - y;
  return Math.sqrt(ex * ex + ey * ey);
}
