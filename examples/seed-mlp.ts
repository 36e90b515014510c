/**
 * Tutorial program 1: an MLP with dropout, trained as the PyTorch tutorial writes it.
 * 784 → 256, ReLU, Dropout(0.5), → 10; Adam lr 1e-3; CrossEntropyLoss; batch 64.
 * Run: npx tsx --conditions=source examples/seed-mlp.ts [--data-dir DIR] [--epochs N]
 */
import { data, manualSeed, nn, noGrad, optim, type Tensor } from "dropout-ts";
import { exampleArgs, loadExampleData } from "./data.js";

class NeuralNetwork extends nn.Module {
  fc1 = new nn.Linear(784, 256);
  relu = new nn.ReLU();
  dropout = new nn.Dropout(0.5);
  fc2 = new nn.Linear(256, 10);

  forward(x: Tensor): Tensor {
    x = x.flatten(1);
    x = this.fc1.forward(x);
    x = this.relu.forward(x);
    x = this.dropout.forward(x);
    return this.fc2.forward(x);
  }
}

const args = exampleArgs({ epochs: 5 });
const generator = manualSeed(args.seed);
const { transforms } = data;
const transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])]);
const { train, test, description } = loadExampleData(args, transform);
console.log(description);

const trainLoader = new data.DataLoader(train, { batchSize: 64, shuffle: true, generator });
const testLoader = new data.DataLoader(test, { batchSize: 1000 });
const model = new NeuralNetwork();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });
const criterion = new nn.CrossEntropyLoss();

for (let epoch = 1; epoch <= args.epochs; epoch++) {
  const started = performance.now();
  model.train();
  let runningLoss = 0;
  for (const [images, labels] of trainLoader) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(images), labels);
    loss.backward();
    optimizer.step();
    runningLoss += loss.item();
  }
  model.eval();
  let correct = 0, total = 0;
  noGrad(() => {
    for (const [images, labels] of testLoader) {
      correct += model.forward(images).argmax(1).eq(labels).sum().item();
      total += labels.shape[0]!;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`Epoch [${epoch}/${args.epochs}] loss ${(runningLoss / trainLoader.length).toFixed(4)}  test accuracy ${(correct / total).toFixed(4)}  ${seconds.toFixed(1)}s`);
}
