import { noGrad } from "../autograd/grad-mode.js";
import { tidy } from "../autograd/tidy.js";
import { ShapeError, ValueError } from "../errors.js";
import { Module } from "../nn/module.js";
import { cat } from "../ops/join.js";
import { Tensor } from "../tensor/tensor.js";
import type { Callback } from "../train/callbacks.js";
import { evaluate as evaluateModule } from "../train/evaluate.js";
import { fit as fitModule, type FitOptions } from "../train/fit.js";
import { checkPositiveInt } from "../util/check.js";
import { fmtShape } from "../util/shape.js";
import { type CompileArgs, type CompiledConfig, historyKeys, resolveCompile } from "./compile.js";
import { EpochLogger } from "./epoch-logger.js";
import { History } from "./history.js";
import type { CallOptions, Layer, SampleShape } from "./layers/layer.js";
import type { AnyOptimizer } from "./optimizers.js";
import { withMode } from "./modes.js";
import { summaryLines } from "./summary.js";

export interface KerasFitArgs {
  /** Default 1, as Keras. */
  epochs?: number;
  /** Default 32, as Keras. */
  batchSize?: number;
  /** Hold out the LAST fraction of x and y (taken before shuffling), as Keras. */
  validationSplit?: number;
  validationData?: readonly [Tensor, Tensor];
  /** Shuffle the training samples each epoch (default true). */
  shuffle?: boolean;
  /** Objects with onEpochEnd(epoch, logs) etc. (TensorFlow.js' form), or EarlyStopping. */
  callbacks?: readonly Callback[];
  /** 0: silent; 1 or 2 (default 1): one line per epoch, as Keras' verbose=2. */
  verbose?: 0 | 1 | 2;
}

export interface BatchArgs {
  /** Default 32, as Keras. */
  batchSize?: number;
  /** Taken for Keras ports (`evaluate(x, y, verbose=0)`); evaluate and predict print nothing. */
  verbose?: 0 | 1 | 2;
}

/** Runs a Keras model's layers for fit and evaluate: without the final softmax when the loss computes from logits. */
class TrainingView extends Module {
  constructor(readonly model: LayersModel, private readonly logits: boolean) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.model.call(x, { logits: this.logits });
  }
}

/**
 * Base of keras.Sequential and keras.Model (TensorFlow.js' LayersModel). It is an nn.Module whose
 * children are its layers' modules, named by layer name ("dense", "dropout", "dense_1"), so
 * parameters(), stateDict(), train()/eval() and mcPredict work on it as on any model; compile, fit
 * and evaluate hand over to the same fit/evaluate as nn models.
 */
export abstract class LayersModel extends Module {
  private compiled: CompiledConfig | null = null;
  private optimizerInstance: AnyOptimizer | null = null;

  constructor(readonly className: string, readonly name: string) {
    super();
  }

  /** Keras' model.layers: each layer once, in order (a functional model's InputLayer first). */
  abstract get layers(): Layer[];

  /** Builds the layers for samples of this shape when they are not built yet (Sequential's deferred build). */
  protected abstract ensureBuilt(sampleShape: SampleShape): void;

  /** The layers a batch runs through, in order (a layer applied twice appears twice). */
  protected abstract get callOrder(): readonly Layer[];

  /** Runs the layers on a batch; `logits` leaves out the output layer's softmax. */
  private run(x: Tensor, options: CallOptions): Tensor {
    const layers = this.callOrder;
    return layers.reduce((h, layer, i) => layer.call(h, { logits: options.logits === true && i === layers.length - 1 }), x);
  }

  /** `Sequential "sequential"`: how errors name this model. */
  describe(): string {
    return `${this.className} "${this.name}"`;
  }

  /** Keeps a layer's module as a child named after the layer, so its weights belong to the model. */
  protected registerLayer(layer: Layer): void {
    const module = layer.module;
    if (module === null) return;
    const fields = this as unknown as Record<string, unknown>;
    if (fields[layer.name] === module) return;
    if (layer.name in this) {
      const clash = fields[layer.name] instanceof Module ? "another layer's name" : "a property of the model";
      throw new ValueError({ where: this.describe(), expected: "unique layer names that are not model properties", got: `"${layer.name}", ${clash}`, hint: "give the layer another name: { name: \"...\" }." });
    }
    fields[layer.name] = module;
  }

  /** The batch through every layer (building them first if the model was deferred). */
  call(x: Tensor, options: CallOptions = {}): Tensor {
    this.checkInput(x, "call");
    return this.run(x, options);
  }

  forward(x: Tensor): Tensor {
    return this.call(x);
  }

  private checkInput(x: unknown, method: string): asserts x is Tensor {
    if (!(x instanceof Tensor)) throw new ValueError({ where: `${this.describe()}.${method}`, expected: "x to be a Tensor of samples [batch, …]", got: typeof x });
    if (x.shape.length === 0) throw new ShapeError({ where: `${this.describe()}.${method}`, expected: "x to be a batch of samples [batch, …]", got: "a 0-d tensor" });
    this.ensureBuilt(x.shape.slice(1));
    this.layers[0]!.checkSampleShape(x.shape.slice(1), x.shape);
  }

  get inputShape(): number[] {
    return this.layers[0]!.inputShape;
  }

  get outputShape(): number[] {
    return this.outputLayer.outputShape;
  }

  private get outputLayer(): Layer {
    return this.callOrder[this.callOrder.length - 1] ?? this.layers[0]!;
  }

  /** Keras' compile: checks the optimizer, loss and metrics now; the optimizer is created when fit first needs it. */
  compile(args: CompileArgs): void {
    this.compiled = resolveCompile(args, `${this.describe()}.compile`);
    this.optimizerInstance = null;
  }

  /** The optimizer fit uses (after compile and the first fit). */
  get optimizer(): AnyOptimizer | null {
    return this.optimizerInstance;
  }

  private requireCompiled(method: string): CompiledConfig {
    if (this.compiled === null) {
      throw new ValueError({ where: `${this.describe()}.${method}`, expected: "a compiled model", got: "compile() not called yet", hint: 'call model.compile({ optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"] }) first.' });
    }
    return this.compiled;
  }

  /** Whether training can use the logits before the output's softmax (stable cross-entropy). */
  private usesLogits(compiled: CompiledConfig): boolean {
    return compiled.loss.acceptsSoftmaxLogits && this.outputLayer.activation === "softmax";
  }

  /** Checks x and y together and returns the targets as the loss takes them. */
  private prepare(x: unknown, y: unknown, compiled: CompiledConfig, method: string): Tensor {
    this.checkInput(x, method);
    if (!(y instanceof Tensor)) throw new ValueError({ where: `${this.describe()}.${method}`, expected: "y to be a Tensor of targets", got: typeof y });
    if (y.shape[0] !== x.shape[0]) {
      throw new ShapeError({ where: `${this.describe()}.${method}`, expected: `as many targets as samples (${x.shape[0]})`, got: `x of shape ${fmtShape(x.shape)} and y of shape ${fmtShape(y.shape)}` });
    }
    return compiled.loss.prepareTargets(y, [x.shape[0]!, ...this.outputShape]);
  }

  private trainingParts(compiled: CompiledConfig): { view: TrainingView; loss: (output: Tensor, target: Tensor) => Tensor } {
    const logits = this.usesLogits(compiled);
    return { view: new TrainingView(this, logits), loss: (output, target) => compiled.loss.compute(output, target, logits) };
  }

  /** Keras' fit(x, y, { batchSize, epochs, validationSplit, validationData, shuffle, callbacks, verbose }). */
  async fit(x: Tensor, y: Tensor, args: KerasFitArgs = {}): Promise<History> {
    const compiled = this.requireCompiled("fit");
    const targets = this.prepare(x, y, compiled, "fit");
    const { view, loss } = this.trainingParts(compiled);
    const keys = historyKeys(compiled.metrics);
    const verbose = args.verbose ?? 1;
    const options: FitOptions = {
      epochs: args.epochs ?? 1,
      optimizer: (this.optimizerInstance ??= compiled.makeOptimizer(this.parameters())),
      loss,
      batchSize: args.batchSize ?? 32,
      shuffle: args.shuffle ?? true,
      callbacks: [...(verbose > 0 ? [new EpochLogger(keys)] : []), ...(args.callbacks ?? [])],
    };
    if (args.validationSplit !== undefined) options.validationSplit = args.validationSplit;
    if (args.validationData !== undefined) {
      const [xVal, yVal] = args.validationData;
      options.validationData = [xVal, this.prepare(xVal, yVal, compiled, "fit validationData")];
    }
    const fitted = await fitModule(view, [x, targets], options);
    const steps = Math.ceil((args.validationSplit === undefined ? x.shape[0]! : Math.floor(x.shape[0]! * (1 - args.validationSplit))) / options.batchSize!);
    return History.from(fitted, keys, { epochs: options.epochs, steps, verbose });
  }

  /** Keras' evaluate: [loss, ...metrics] over all of x (eval mode: dropout off). */
  evaluate(x: Tensor, y: Tensor, args: BatchArgs = {}): number[] {
    const compiled = this.requireCompiled("evaluate");
    const targets = this.prepare(x, y, compiled, "evaluate");
    const batchSize = checkPositiveInt(args.batchSize ?? 32, `${this.describe()}.evaluate`, "batchSize");
    const { view, loss } = this.trainingParts(compiled);
    const result = evaluateModule(view, [x, targets], { loss, batchSize, metrics: compiled.metrics });
    return [result.loss!, ...(result.accuracy === undefined ? [] : [result.accuracy])];
  }

  /** Keras' predict: the outputs for every sample of x, in batches, in eval mode and without gradients. */
  predict(x: Tensor, args: BatchArgs = {}): Tensor {
    this.checkInput(x, "predict");
    const batchSize = checkPositiveInt(args.batchSize ?? 32, `${this.describe()}.predict`, "batchSize");
    return withMode(this, false, () => noGrad(() => {
      const outputs: Tensor[] = [];
      for (let start = 0; start < x.shape[0]!; start += batchSize) outputs.push(tidy(() => this.run(x.slice(start, start + batchSize), {}), { keep: [this, x] }));
      return cat(outputs, 0);
    }));
  }

  /** Prints Keras' summary table (pass printFn to collect the lines instead). */
  summary(args: { printFn?: (line: string) => void } = {}): void {
    if (!this.layers.every((l) => l.isBuilt)) {
      throw new ValueError({ where: `${this.describe()}.summary`, expected: "a built model", got: "layers whose input shape is not known yet", hint: "give the first layer an inputShape, e.g. Dense(512, { inputShape: [784] }), or call fit or predict first." });
    }
    const print = args.printFn ?? ((line: string) => console.log(line));
    for (const line of summaryLines(this.name, this.layers)) print(line);
  }

  /** Keras' count_params(): the number of weights. */
  countParams(): number {
    return this.layers.reduce((n, l) => n + (l.isBuilt ? l.countParams() : 0), 0);
  }

  override extraRepr(): string {
    return `name="${this.name}"`;
  }
}
