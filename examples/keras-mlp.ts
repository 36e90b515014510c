/**
 * Tutorial program 3, the Keras MLP, written with nn and fit (the Keras front end has its own
 * example): Dense 784→512 ReLU, Dropout(0.2), Dense 10; Adam; batch 128; the last 20% of the
 * training data held out for validation (Keras' validationSplit); evaluate on the test set.
 * Run: npx tsx --conditions=source examples/keras-mlp.ts [--data-dir DIR] [--epochs N]
 */
import { evaluate, fit, manualSeed, nn, optim, ProgressBar } from "dropout-ts";
import { exampleArgs, loadExampleData } from "./data.js";

const args = exampleArgs({ epochs: 5 });
manualSeed(args.seed);
const { train, test, description } = loadExampleData(args);
console.log(description);

const model = new nn.Sequential(
  new nn.Flatten(),
  new nn.Linear(784, 512),
  new nn.ReLU(),
  new nn.Dropout(0.2),
  new nn.Linear(512, 10),
);
const loss = new nn.CrossEntropyLoss();
const history = await fit(model, train, {
  epochs: args.epochs,
  optimizer: new optim.Adam(model.parameters(), { lr: 0.001 }),
  loss,
  batchSize: 128,
  validationSplit: 0.2,
  callbacks: [new ProgressBar({ stream: process.stdout })],
});
const { loss: testLoss, accuracy } = evaluate(model, test, { loss });
console.log(`val_accuracy per epoch: ${history.history["val_accuracy"]!.map((a) => a.toFixed(4)).join(", ")}`);
console.log(`Test loss ${testLoss!.toFixed(4)}, test accuracy ${accuracy!.toFixed(4)}`);
