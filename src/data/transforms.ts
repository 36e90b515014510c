import { ShapeError, ValueError } from "../errors.js";
import { type Generator, getDefaultGenerator } from "../random/generator.js";
import { Tensor } from "../tensor/tensor.js";
import { fmtShape } from "../util/shape.js";

/** An 8-bit image as datasets hand it out before ToTensor (PyTorch's PIL image): row-major, channels last. */
export interface Image {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

// Transforms chain values of any type (images, tensors, labels), so the defaults are `any`, as in torchvision.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Transform<I = any, O = any> = (input: I) => O;

/** Applies transforms in order. */
export function Compose(transforms: readonly Transform[]): Transform {
  return (x) => transforms.reduce((acc, t) => t(acc), x);
}

/** Image (H×W×C bytes) → float32 tensor [C, H, W] in [0, 1]; a tensor passes through unchanged. */
export function ToTensor(): Transform<Image | Tensor, Tensor> {
  return (img) => {
    if (img instanceof Tensor) return img;
    const { data, height: h, width: w, channels: c } = img;
    if (data.length !== h * w * c) {
      throw new ShapeError({ where: "ToTensor", expected: `${h * w * c} bytes for a ${h}×${w}×${c} image`, got: `${data.length} bytes` });
    }
    const out = new Float32Array(c * h * w);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[k * h * w + y * w + x] = data[(y * w + x) * c + k]! / 255;
    return Tensor.fromArray(out, [c, h, w], "float32");
  };
}

function channelsOf(t: Tensor, where: string): { c: number; plane: number } {
  if (t.shape.length < 3) throw new ShapeError({ where, expected: "a tensor of shape [C, H, W] (or [..., C, H, W])", got: fmtShape(t.shape), hint: "apply ToTensor() first." });
  const c = t.shape[t.shape.length - 3]!;
  return { c, plane: t.shape[t.shape.length - 2]! * t.shape[t.shape.length - 1]! };
}

/** (x − mean[c]) / std[c] for each channel c, as torchvision's Normalize. */
export function Normalize(mean: readonly number[], std: readonly number[]): Transform<Tensor, Tensor> {
  if (mean.length !== std.length || mean.length === 0) throw new ValueError({ where: "Normalize", expected: "mean and std of the same non-zero length", got: `${mean.length} and ${std.length}` });
  if (std.some((s) => !(s > 0))) throw new ValueError({ where: "Normalize", expected: "std values > 0", got: `[${std.join(", ")}]` });
  return (t) => {
    const { c, plane } = channelsOf(t, "Normalize");
    if (mean.length !== c && mean.length !== 1) throw new ShapeError({ where: "Normalize", expected: `${c} means and stds (one per channel)`, got: String(mean.length) });
    const src = t.dataSync();
    const out = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const ch = Math.floor(i / plane) % c;
      const k = mean.length === 1 ? 0 : ch;
      out[i] = (src[i]! - mean[k]!) / std[k]!;
    }
    return Tensor.fromArray(out, t.shape, "float32");
  };
}

/** Wraps any function as a transform. */
export function Lambda<I, O>(fn: (input: I) => O): Transform<I, O> {
  return fn;
}

/** A random size×size crop of [C, H, W], after zero padding of `padding` on every side. */
export function RandomCrop(size: number | readonly [number, number], options: { padding?: number; generator?: Generator } = {}): Transform<Tensor, Tensor> {
  const [ch, cw] = typeof size === "number" ? [size, size] : size;
  const pad = options.padding ?? 0;
  return (t) => {
    channelsOf(t, "RandomCrop");
    const [c, h, w] = t.shape.slice(-3) as [number, number, number];
    const ph = h + 2 * pad, pw = w + 2 * pad;
    if (ch > ph || cw > pw) throw new ShapeError({ where: "RandomCrop", expected: `a crop of at most ${ph}×${pw} (the padded image)`, got: `${ch}×${cw}` });
    const g = options.generator ?? getDefaultGenerator();
    const r = new Int32Array(2);
    g.randint(r.subarray(0, 1), 0, ph - ch + 1);
    g.randint(r.subarray(1, 2), 0, pw - cw + 1);
    const top = r[0]! - pad, left = r[1]! - pad;
    const src = t.dataSync();
    const out = new Float32Array(c * ch * cw);
    for (let k = 0; k < c; k++) for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) {
      const sy = top + y, sx = left + x;
      out[(k * ch + y) * cw + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[(k * h + sy) * w + sx]! : 0;
    }
    return Tensor.fromArray(out, [c, ch, cw], "float32");
  };
}

export interface RandomAffineOptions {
  /** Rotation in degrees, drawn from [−degrees, degrees] (or the given range). */
  degrees: number | readonly [number, number];
  /** Maximum translation as fractions of width and height. */
  translate?: readonly [number, number];
  /** Scale factor range. */
  scale?: readonly [number, number];
  fill?: number;
  generator?: Generator;
}

/** Random rotation, translation and scale about the image centre, nearest-neighbour sampling (torchvision's default). */
export function RandomAffine(options: RandomAffineOptions): Transform<Tensor, Tensor> {
  const [dLo, dHi] = typeof options.degrees === "number" ? [-options.degrees, options.degrees] : options.degrees;
  return (t) => {
    channelsOf(t, "RandomAffine");
    const [c, h, w] = t.shape.slice(-3) as [number, number, number];
    const g = options.generator ?? getDefaultGenerator();
    const u = new Float32Array(4);
    g.uniform(u, 0, 1);
    const angle = ((dLo + (dHi - dLo) * u[0]!) * Math.PI) / 180;
    const [tx, ty] = options.translate === undefined ? [0, 0] : [Math.round((2 * u[1]! - 1) * options.translate[0] * w), Math.round((2 * u[2]! - 1) * options.translate[1] * h)];
    const s = options.scale === undefined ? 1 : options.scale[0] + (options.scale[1] - options.scale[0]) * u[3]!;
    const cx = (w - 1) / 2, cy = (h - 1) / 2;
    const cos = Math.cos(angle) / s, sin = Math.sin(angle) / s;
    const src = t.dataSync();
    const out = new Float32Array(c * h * w).fill(options.fill ?? 0);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      // Inverse map: output pixel → source pixel.
      const dx = x - cx - tx, dy = y - cy - ty;
      const sx = Math.round(cos * dx + sin * dy + cx), sy = Math.round(-sin * dx + cos * dy + cy);
      if (sx < 0 || sx >= w || sy < 0 || sy >= h) continue;
      for (let k = 0; k < c; k++) out[(k * h + y) * w + x] = src[(k * h + sy) * w + sx]!;
    }
    return Tensor.fromArray(out, [c, h, w], "float32");
  };
}
