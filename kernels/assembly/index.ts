// Every kernel the wasm backend exports.
export { gemm } from "./gemm";
