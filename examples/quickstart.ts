/**
 * Quickstart: fit y = 3x + 2 by gradient descent with autograd.
 * Run: npm start   (or: npx tsx --conditions=source examples/quickstart.ts)
 */
import { manualSeed, noGrad, randn, zeros } from "dropout-ts";

const generator = manualSeed(0);
const x = randn([256, 1], { generator });
const y = x.mul(3).add(2).add(randn([256, 1], { generator }).mul(0.1));

const w = zeros([1, 1], { requiresGrad: true });
const b = zeros([1], { requiresGrad: true });

for (let step = 1; step <= 200; step++) {
  const prediction = x.matmul(w).add(b);
  const loss = prediction.sub(y).square().mean();
  w.grad = null;
  b.grad = null;
  loss.backward();
  noGrad(() => {
    w.sub_(w.grad!.mul(0.1));
    b.sub_(b.grad!.mul(0.1));
  });
  if (step % 50 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(5)}`);
}
console.log(`learned w = ${w.item().toFixed(3)}, b = ${b.item().toFixed(3)} (true: 3, 2)`);
