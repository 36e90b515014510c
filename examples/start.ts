/**
 * The main job (`npm start`): the seed MLP (784 → 256, ReLU, Dropout(0.5), → 10; Adam 1e-3; batch 64)
 * trained with a progress bar, then evaluated. Uses Fashion-MNIST when a data directory is found,
 * else the built-in SyntheticDigits, so it runs on a fresh machine with no files.
 */
import { evaluate, fit, manualSeed, nn, optim, ProgressBar } from "dropout-ts";
import { exampleArgs, loadExampleData } from "./data.js";

const args = exampleArgs({ epochs: 3 });
manualSeed(args.seed);
const { train, test, description } = loadExampleData(args);
console.log(`dropout-ts: seed MLP on ${description}`);

const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(256, 10));
console.log(String(model));
const loss = new nn.CrossEntropyLoss();
await fit(model, train, {
  epochs: args.epochs,
  optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }),
  loss,
  batchSize: 64,
  callbacks: [new ProgressBar({ stream: process.stdout })],
});
const result = evaluate(model, test, { loss });
console.log(`test loss ${result.loss!.toFixed(4)}, test accuracy ${result.accuracy!.toFixed(4)} (eval mode: dropout off)`);
