/**
 * The tutorial's Keras program, written as in Keras: Sequential, Dense 512 ReLU, Dropout(0.2),
 * Dense 10 softmax; compile("adam", "categorical_crossentropy", ["accuracy"]); fit with batch 128 and
 * the last 20% held out for validation; evaluate on the test set. On Fashion-MNIST (the tutorial
 * uses MNIST, whose training files are not in ../shared/data).
 * Run: npx tsx --conditions=source examples/keras-sequential.ts [--epochs N] [--limit N] [--data-dir DIR] [--seed S]
 */
import { keras, manualSeed } from "dropout-ts";
import { exampleArgs } from "./data.js";

const args = exampleArgs({ epochs: 10 });
manualSeed(args.seed);

// load and preprocess the dataset (--limit keeps the first N samples of each split, for a quick run)
let [[xTrain, yTrain], [xTest, yTest]] = keras.datasets.fashionMnist.loadData(args.dataDir === undefined ? {} : { root: args.dataDir });
if (args.limit !== undefined) [xTrain, yTrain, xTest, yTest] = [xTrain, yTrain, xTest, yTest].map((t) => t.slice(0, args.limit));
xTrain = xTrain.reshape([-1, 784]).div(255);
xTest = xTest.reshape([-1, 784]).div(255);
yTrain = keras.utils.toCategorical(yTrain);
yTest = keras.utils.toCategorical(yTest);

// define the model architecture
const model = keras.Sequential();
model.add(keras.layers.Dense(512, { activation: "relu", inputShape: [784] }));
model.add(keras.layers.Dropout(0.2));
model.add(keras.layers.Dense(10, { activation: "softmax" }));
model.summary();

// compile and fit the model
model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
const history = await model.fit(xTrain, yTrain, { epochs: args.epochs, batchSize: 128, validationSplit: 0.2 });

// evaluate the model on the test set
const [testLoss, testAcc] = model.evaluate(xTest, yTest, { batchSize: 256 });
console.log(`Seconds per epoch: ${history.seconds.map((s) => s.toFixed(1)).join(", ")}`);
console.log(`Test loss: ${testLoss!.toFixed(4)}`);
console.log(`Test accuracy: ${testAcc!.toFixed(4)}`);
