// Every kernel the wasm backend exports.
export { gemm } from "./gemm";
export { binaryF32, reluF32, sumAxisF32, zeroBytes } from "./elementwise";
export { maskedScaleF32, dropoutMaskF32 } from "./dropout";
export { adamF32, adamGeneralF32 } from "./adam";
export { sgdF32, rmspropF32, adagradF32 } from "./optim";
export { rowMaxExpSumF32, applyLogSoftmaxF32, logSoftmaxBackwardF32, crossEntropyBackwardF32 } from "./softmax";
