// Every kernel the wasm backend exports.
export { gemm, gemmPatches, gemmRowTile, gemmScratchABytes, gemmScratchBBytes } from "./gemm";
export { binaryF32, prodAxisF32, reluF32, sumAxisF32, zeroBytes } from "./elementwise";
export { unaryF32 } from "./unary";
export { compareF32, testF32 } from "./compare";
export { extremeAxisF32 } from "./reduce";
export { maskedScaleF32, dropoutMaskF32 } from "./dropout";
export { adamF32, adamGeneralF32 } from "./adam";
export { im2colF32, col2imF32, rowsToNchwF32, nchwToRowsF32 } from "./conv";
export { maxPool2dF32, maxPool2dBackwardF32, avgPool2dF32, avgPool2dBackwardF32 } from "./pool";
export { sgdF32, rmspropF32, adagradF32 } from "./optim";
export { rowMaxExpSumF32, applyLogSoftmaxF32, logSoftmaxBackwardF32, crossEntropyBackwardF32 } from "./softmax";
