import type { Generator } from "../../random/generator.js";
import { Tensor } from "../../tensor/tensor.js";
import { checkPositiveInt } from "../../util/check.js";
import { ValueError } from "../../errors.js";
import { embedding } from "../functional/embedding.js";
import { normal_ } from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1) as PyTorch. */
export class Embedding extends Module {
  weight: Parameter;
  readonly paddingIdx: number | undefined;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: { paddingIdx?: number; generator?: Generator } = {}) {
    super();
    checkPositiveInt(numEmbeddings, "Embedding", "numEmbeddings");
    checkPositiveInt(embeddingDim, "Embedding", "embeddingDim");
    let pad = options.paddingIdx;
    if (pad !== undefined) {
      if (!(Number.isInteger(pad) && pad >= -numEmbeddings && pad < numEmbeddings)) {
        throw new ValueError({ where: "Embedding", expected: `paddingIdx in [${-numEmbeddings}, ${numEmbeddings - 1}]`, got: String(pad) });
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = new Parameter(normal_(Tensor.empty([numEmbeddings, embeddingDim], "float32"), options.generator === undefined ? {} : { generator: options.generator }));
    if (pad !== undefined) this.weight.storage.data.fill(0, pad * embeddingDim, (pad + 1) * embeddingDim);
  }

  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx === undefined ? {} : { paddingIdx: this.paddingIdx }, `Embedding(${this.numEmbeddings}, ${this.embeddingDim})`);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === undefined ? "" : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
