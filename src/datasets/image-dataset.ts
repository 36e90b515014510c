import { Dataset } from "../data/dataset.js";
import type { Image, Transform } from "../data/transforms.js";
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

export interface ImageDatasetOptions {
  /** Applied to each sample's Image; without it a sample is a float32 tensor [C, H, W] in [0, 1] (ToTensor). */
  transform?: Transform;
  targetTransform?: Transform<number, unknown>;
}

/**
 * Labelled 8-bit images held in memory (count × height × width × channels bytes). Samples are
 * [image, label] like torchvision's; without transforms the DataLoader gathers whole batches at once.
 */
export class ImageClassificationDataset extends Dataset<[Tensor, Tensor]> {
  constructor(
    readonly pixels: Uint8Array,
    readonly labels: Uint8Array,
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    readonly classes: readonly string[],
    readonly options: ImageDatasetOptions = {},
  ) {
    super();
    const size = height * width * channels;
    if (pixels.length !== labels.length * size) {
      throw new ValueError({ where: this.constructor.name, expected: `${labels.length} images of ${size} bytes (one per label)`, got: `${pixels.length} bytes` });
    }
    if (options.transform === undefined && options.targetTransform === undefined) this.getBatch = (indices) => this.batch(indices);
  }

  get length(): number {
    return this.labels.length;
  }

  /** The raw image at `index`, before any transform. */
  image(index: number): Image {
    const i = this.checkIndex(index);
    const size = this.height * this.width * this.channels;
    return { data: this.pixels.subarray(i * size, (i + 1) * size), height: this.height, width: this.width, channels: this.channels };
  }

  get(index: number): [Tensor, Tensor] {
    const i = this.checkIndex(index);
    const img = this.image(i);
    const x = this.options.transform === undefined ? this.toTensor([i]) : (this.options.transform(img) as Tensor);
    const label = this.options.targetTransform === undefined ? this.labels[i]! : this.options.targetTransform(this.labels[i]!);
    const y = label instanceof Tensor ? label : Tensor.fromArray(Int32Array.of(label as number), [], "int32");
    return [this.options.transform === undefined ? x.reshape([this.channels, this.height, this.width]) : x, y];
  }

  /** Images at `indices` as float32 [B, C, H, W] in [0, 1]. */
  private toTensor(indices: ArrayLike<number>): Tensor {
    const { height: h, width: w, channels: c } = this;
    const size = h * w * c;
    const out = new Float32Array(indices.length * size);
    for (let b = 0; b < indices.length; b++) {
      const src = indices[b]! * size, dst = b * size;
      if (c === 1) for (let p = 0; p < size; p++) out[dst + p] = this.pixels[src + p]! / 255;
      else for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[dst + k * h * w + p] = this.pixels[src + p * c + k]! / 255;
    }
    return Tensor.fromArray(out, [indices.length, c, h, w], "float32");
  }

  private batch(indices: Int32Array): [Tensor, Tensor] {
    const labels = Int32Array.from(indices, (i) => this.labels[i]!);
    return [this.toTensor(indices), Tensor.fromArray(labels, [indices.length], "int32")];
  }

  /** All images as float32 [N, C, H, W] in [0, 1] and labels as int32 [N]: for preloading. */
  tensors(): [Tensor, Tensor] {
    return this.batch(Int32Array.from({ length: this.length }, (_, i) => i));
  }
}
