import type { Backend } from "../backend.js";
import { newArray } from "../dtype.js";
import { gemmThroughPatches } from "../patches.js";
import { avgPool2d, avgPool2dBackward, col2im, im2col, maxPool2d, maxPool2dBackward, nchwToRows, rowsToNchw } from "./conv.js";
import { dropoutMask, maskedAffine, maskedScale } from "./dropout.js";
import { binary, clamp, copyStrided, unary, where } from "./elementwise.js";
import { gemm } from "./gemm.js";
import { gather, indexAdd, indexSelect, scatterAdd } from "./indexing.js";
import { adagradStep, adamStep, rmspropStep, sgdStep } from "./optim.js";
import { reduce } from "./reduce.js";
import { crossEntropyBackward, logSoftmax, logSoftmaxBackward } from "./softmax.js";

/** The reference backend: plain TypeScript over typed arrays. The oracle for every other backend. */
export const jsBackend: Backend = {
  name: "js",
  alloc: newArray,
  fill: (out, value, offset, length) => { out.fill(value, offset, offset + length); },
  copyStrided,
  binary,
  unary,
  clamp,
  where,
  reduce,
  gemm,
  indexSelect,
  indexAdd,
  gather,
  scatterAdd,
  sgdStep,
  adamStep,
  rmspropStep,
  adagradStep,
  logSoftmax,
  logSoftmaxBackward,
  crossEntropyBackward,
  dropoutMask,
  maskedScale,
  maskedAffine,
  im2col,
  gemmPatches: (...args) => gemmThroughPatches(jsBackend, ...args),
  rowsToNchw,
  nchwToRows,
  col2im,
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
};
