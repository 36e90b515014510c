/**
 * Tutorial program 2: the small CNN with dropout from the PyTorch tutorial, with its one bug fixed:
 * after two 3×3 convolutions and two 2×2 poolings a 28×28 image is 5×5, so the first linear layer
 * takes 64·5·5 = 1600 features (the tutorial wrote 64·6·6; our error message says so).
 * Run: npx tsx --conditions=source examples/seed-cnn.ts [--data-dir DIR] [--epochs N] [--limit N]
 */
import { data, evaluate, F, manualSeed, nn, optim, type Tensor } from "dropout-ts";
import { exampleArgs, loadExampleData } from "./data.js";

class SimpleCNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3);
  conv2 = new nn.Conv2d(32, 64, 3);
  fc1 = new nn.Linear(1600, 128);
  fc2 = new nn.Linear(128, 10);
  dropout = new nn.Dropout(0.5);

  forward(x: Tensor): Tensor {
    x = F.maxPool2d(F.relu(this.conv1.forward(x)), 2);
    x = F.maxPool2d(F.relu(this.conv2.forward(x)), 2);
    x = x.flatten(1);
    x = F.relu(this.fc1.forward(x));
    x = this.dropout.forward(x);
    return this.fc2.forward(x);
  }
}

const args = exampleArgs({ epochs: 2 });
const generator = manualSeed(args.seed);
const { transforms } = data;
const { train: fullTrain, test, description } = loadExampleData(args, transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])]));
const train = args.limit === undefined ? fullTrain : new data.Subset(fullTrain, Int32Array.from({ length: args.limit }, (_, i) => i));
console.log(`${description}; training on ${train.length}`);

const trainLoader = new data.DataLoader(train, { batchSize: 64, shuffle: true, generator });
const testLoader = new data.DataLoader(test, { batchSize: 500 });
const model = new SimpleCNN();
const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.001 });

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
  // The library's evaluate(): eval mode and noGrad, as the tutorial's test() does by hand.
  const { accuracy } = evaluate(model, testLoader);
  const seconds = (performance.now() - started) / 1000;
  console.log(`Epoch [${epoch}/${args.epochs}], Loss: ${(runningLoss / trainLoader.length).toFixed(4)}, test accuracy ${(100 * accuracy!).toFixed(2)}%, ${seconds.toFixed(1)}s`);
}
