/** W4 (dropout op) and W5 (matmul) in TensorFlow.js with its wasm backend. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { median, timeRepeated } from "../timing.js";
import { tfjsWasm } from "./tfjs-mlp.js";

export async function tfjsDropout(reps: number): Promise<{ forwardNs: number[]; forwardBackwardNs: number[] } | string> {
  const unavailable = await tfjsWasm();
  if (unavailable !== null) return unavailable;
  const x = tf.randomNormal([256, 4096]);
  const n = x.size;
  // dataSync forces the work (and the read-back, which both sides pay the same way).
  const forwardNs = timeRepeated(() => tf.tidy(() => { tf.dropout(x, 0.5).dataSync(); }), reps).map((ms) => (ms * 1e6) / n);
  const base = median(timeRepeated(() => tf.tidy(() => { tf.grad((t: tf.Tensor) => t.sum())(x).dataSync(); }), reps));
  const both = timeRepeated(() => tf.tidy(() => { tf.grad((t: tf.Tensor) => tf.dropout(t, 0.5).sum())(x).dataSync(); }), reps);
  x.dispose();
  return { forwardNs, forwardBackwardNs: both.map((ms) => ((ms - base) * 1e6) / n) };
}

/** GFLOPS of C = op(A)·op(B) with A stored [K, M] when transA and B stored [N, K] when transB, as backward needs. */
export async function tfjsMatmul(s: { M: number; N: number; K: number; transA: boolean; transB: boolean }, reps: number): Promise<number[] | string> {
  const unavailable = await tfjsWasm();
  if (unavailable !== null) return unavailable;
  const a = tf.randomUniform(s.transA ? [s.K, s.M] : [s.M, s.K], -1, 1), b = tf.randomUniform(s.transB ? [s.N, s.K] : [s.K, s.N], -1, 1);
  const times = timeRepeated(() => tf.tidy(() => { tf.matMul(a, b, s.transA, s.transB).dataSync(); }), reps);
  tf.dispose([a, b]);
  return times.map((ms) => (2 * s.M * s.N * s.K) / ms / 1e6);
}
