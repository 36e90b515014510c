/**
 * The tutorial's functional Keras program, written as in Keras (TensorFlow.js' layer.apply for the
 * call): Input(784) → Dense 512 ReLU → Dropout(0.25) → Dense 256 ReLU → Dropout(0.25) → Dense 10
 * softmax; Adam; categorical cross-entropy; 10 epochs, batch 128, validation on held-out data
 * (the last 10 000 training images play the tutorial's X_val); then the test set.
 * Run: npx tsx --conditions=source examples/keras-functional.ts [--epochs N] [--limit N] [--data-dir DIR] [--seed S]
 */
import { keras, manualSeed } from "dropout-ts";
import { exampleArgs } from "./data.js";

const args = exampleArgs({ epochs: 10 });
manualSeed(args.seed);

let [[xAll, yAll], [xTest, yTest]] = keras.datasets.fashionMnist.loadData(args.dataDir === undefined ? {} : { root: args.dataDir });
if (args.limit !== undefined) [xAll, yAll, xTest, yTest] = [xAll, yAll, xTest, yTest].map((t) => t.slice(0, args.limit));
xAll = xAll.reshape([-1, 784]).div(255);
xTest = xTest.reshape([-1, 784]).div(255);
yAll = keras.utils.toCategorical(yAll, 10);
yTest = keras.utils.toCategorical(yTest, 10);
const nVal = Math.floor(xAll.shape[0]! / 6);
const nTrain = xAll.shape[0]! - nVal;
const [xTrain, yTrain] = [xAll.slice(0, nTrain), yAll.slice(0, nTrain)];
const [xVal, yVal] = [xAll.slice(nTrain), yAll.slice(nTrain)];

// Define the neural network architecture
const inputLayer = keras.Input({ shape: [784] });
const hiddenLayer1 = keras.layers.Dense(512, { activation: "relu" }).apply(inputLayer);
const dropoutLayer1 = keras.layers.Dropout(0.25).apply(hiddenLayer1); // Dropout layer
const hiddenLayer2 = keras.layers.Dense(256, { activation: "relu" }).apply(dropoutLayer1);
const dropoutLayer2 = keras.layers.Dropout(0.25).apply(hiddenLayer2); // Dropout layer
const outputLayer = keras.layers.Dense(10, { activation: "softmax" }).apply(dropoutLayer2);
const model = keras.Model({ inputs: inputLayer, outputs: outputLayer });
model.summary();
// Compile the model
model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] });
// Train the model with dropout
const history = await model.fit(xTrain, yTrain, { epochs: args.epochs, batchSize: 128, validationData: [xVal, yVal] });

const [testLoss, testAcc] = model.evaluate(xTest, yTest, { batchSize: 256 });
console.log(`Seconds per epoch: ${history.seconds.map((s) => s.toFixed(1)).join(", ")}`);
console.log(`Test loss: ${testLoss!.toFixed(4)}`);
console.log(`Test accuracy: ${testAcc!.toFixed(4)}`);
