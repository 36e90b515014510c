/** DropBlock2d: squares, not units; the kept fraction against its exact distribution; renormalisation; exact gradients. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { F, full, Generator, randn } from "../../../src/index.js";
import { blockKeepMask } from "../../../src/nn/functional/drop-block.js";
import { bernoulliFill, blocksFor } from "../../../src/random/distributions.js";

const H = 8, W = 8, BS = 3, P = 0.15;

/** Seed positions (in the (H−bs+1)² grid) whose block covers pixel (i, j). */
function covering(i: number, j: number): number[] {
  const v = H - BS + 1, out: number[] = [];
  for (let a = Math.max(0, i - BS + 1); a <= Math.min(i, v - 1); a++) for (let b = Math.max(0, j - BS + 1); b <= Math.min(j, v - 1); b++) out.push(a * v + b);
  return out;
}

describe("DropBlock2d", () => {
  const gamma = F.dropBlockGamma(P, BS, H, W);

  test("γ is Ghiasi et al.'s p·H·W / (bs²·(H − bs + 1)(W − bs + 1))", () => {
    assert.equal(gamma, (0.15 * 64) / (9 * 36));
    assert.equal(F.dropBlockGamma(0.1, 7, 14, 14), (0.1 * 196) / (49 * 64));
  });

  test("dropped regions are exactly the bs × bs squares of the Philox seeds, and each dropped unit lies in a fully dropped square", () => {
    const x = randn([2, 3, H, W], { generator: new Generator({ seed: 1 }) }).abs().add(0.1);
    const y = F.dropBlock2d(x, { p: P, blockSize: BS, training: true, generator: new Generator({ seed: 2 }) }).dataSync();
    const nSeeds = 6 * (H - BS + 1) ** 2;
    const r = new Generator({ seed: 2 }).reserve(blocksFor(nSeeds));
    const seeds = new Uint8Array(nSeeds);
    bernoulliFill(seeds, gamma, r.key0, r.key1, r.offset);
    const { keep } = blockKeepMask(seeds, 6, H, W, BS);
    let dropped = 0;
    for (let k = 0; k < y.length; k++) {
      const kept = (keep[k >>> 5]! >>> (k & 31)) & 1;
      assert.equal(y[k] === 0, kept === 0, `unit ${k}`);
      if (y[k] !== 0) continue;
      dropped++;
      const plane = Math.floor(k / (H * W)), i = Math.floor((k % (H * W)) / W), j = k % W;
      let inSquare = false;
      for (let a = Math.max(0, i - BS + 1); a <= Math.min(i, H - BS) && !inSquare; a++) {
        for (let b = Math.max(0, j - BS + 1); b <= Math.min(j, W - BS) && !inSquare; b++) {
          let all = true;
          for (let di = 0; di < BS && all; di++) for (let dj = 0; dj < BS && all; dj++) all = y[plane * H * W + (a + di) * W + b + dj] === 0;
          inSquare = all;
        }
      }
      assert.ok(inSquare, `dropped unit ${k} is not inside a dropped ${BS}×${BS} square`);
    }
    assert.ok(dropped > 0, "this seed drops something");
  });

  test("the kept fraction averages its exact expectation, mean over pixels of (1 − γ)^k (≈ 1 − p to first order), within 5σ", () => {
    // P(pixel kept) = (1 − γ)^|S| with S the seeds covering it; Cov from |S_a ∪ S_b|.
    const sets = Array.from({ length: H * W }, (_, k) => covering(Math.floor(k / W), k % W));
    const keptP = sets.map((s) => (1 - gamma) ** s.length);
    const expected = keptP.reduce((a, b) => a + b, 0) / (H * W);
    let cov = 0;
    for (let a = 0; a < H * W; a++) {
      for (let b = 0; b < H * W; b++) {
        const union = new Set([...sets[a]!, ...sets[b]!]).size;
        cov += (1 - gamma) ** union - keptP[a]! * keptP[b]!;
      }
    }
    const planeVar = cov / (H * W) ** 2;
    const planes = 16, K = 300;
    const x = full([planes, 1, H, W], 1);
    const g = new Generator({ seed: 9 });
    let keptSum = 0;
    for (let k = 0; k < K; k++) for (const v of F.dropBlock2d(x, { p: P, blockSize: BS, training: true, generator: g }).dataSync()) if (v !== 0) keptSum++;
    const fraction = keptSum / (K * planes * H * W);
    assert.ok(Math.abs(fraction - expected) <= 5 * Math.sqrt(planeVar / (K * planes)), `kept ${fraction} vs ${expected}`);
    assert.ok(Math.abs(expected - (1 - P)) < 0.03, `first-order design: ${expected} vs ${1 - P}`);
  });

  test("renormalisation keeps the sum of a constant input exactly; eval and p = 0 are the identity; p = 1 gives zeros", () => {
    const x = full([4, 2, H, W], 0.5);
    const y = F.dropBlock2d(x, { p: 0.3, blockSize: 2, training: true, generator: new Generator({ seed: 3 }) });
    assert.ok(Math.abs(y.sum().item() - x.sum().item()) < 1e-3);
    assert.equal(F.dropBlock2d(x, { p: 0.3, blockSize: 2, training: false }), x);
    assert.equal(F.dropBlock2d(x, { p: 0, blockSize: 2, training: true }), x);
    assert.ok(F.dropBlock2d(x, { p: 1, blockSize: 2, training: true }).dataSync().every((v) => v === 0));
  });

  test("gradient = keep × (units / kept) exactly; bits keep n/8 bytes, regenerate keeps none", () => {
    const grads: Float32Array[] = [];
    for (const maskStorage of ["bits", "regenerate"] as const) {
      const x = randn([2, 2, H, W], { generator: new Generator({ seed: 5 }) }).requiresGrad_();
      const y = F.dropBlock2d(x, { p: P, blockSize: BS, training: true, generator: new Generator({ seed: 6 }), maskStorage });
      assert.equal(y.gradFn!.savedBytes(), maskStorage === "bits" ? (4 * H * W) / 8 : 0);
      y.sum().backward();
      const yd = y.dataSync(), xd = x.dataSync(), gx = x.grad!.dataSync() as Float32Array;
      const kept = Array.from(yd).filter((v) => v !== 0).length;
      const scale = (4 * H * W) / kept;
      for (let k = 0; k < gx.length; k++) {
        assert.equal(gx[k], yd[k] === 0 ? 0 : Math.fround(scale));
        if (yd[k] !== 0) assert.equal(yd[k], Math.fround(xd[k]! * scale));
      }
      grads.push(gx);
    }
    assert.deepEqual(grads[0], grads[1]);
  });

  test("bad input: a block larger than the map, the wrong rank", () => {
    const x = randn([1, 1, 5, 6]);
    assert.throws(() => F.dropBlock2d(x, { p: 0.1, blockSize: 7, training: true }), {
      name: "ValueError",
      message: "dropBlock2d: expected blockSize ≤ the feature map's size 5 × 6, got blockSize 7. Hint: use a smaller block, or place DropBlock before the map is pooled down.",
    });
    assert.throws(() => F.dropBlock2d(randn([8, 20]), { p: 0.1, blockSize: 3, training: true }), {
      name: "ShapeError",
      message: "dropBlock2d: expected input of rank 3 ([C, H, W]) or 4 ([N, C, H, W]), got [8, 20] (rank 2). Hint: DropBlock drops squares of 2-D feature maps; for [N, features] use Dropout.",
    });
  });
});
