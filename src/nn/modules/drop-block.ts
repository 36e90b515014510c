import { checkPositiveInt } from "../../util/check.js";
import type { Tensor } from "../../tensor/tensor.js";
import { dropBlock2d } from "../functional/drop-block.js";
import { type DropoutModuleOptions, DropoutNd } from "./dropout.js";

/** DropBlock (Ghiasi et al. 2018): drops blockSize × blockSize squares of each feature map. */
export class DropBlock2d extends DropoutNd {
  readonly blockSize: number;

  constructor(p: number, blockSize: number, options: DropoutModuleOptions = {}) {
    super(p, options);
    this.blockSize = checkPositiveInt(blockSize, "DropBlock2d", "blockSize");
  }

  forward(x: Tensor): Tensor {
    return dropBlock2d(x, { ...this.opOptions(), blockSize: this.blockSize }, "DropBlock2d");
  }

  override extraRepr(): string {
    return `p=${this.p}, blockSize=${this.blockSize}`;
  }
}
