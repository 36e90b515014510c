/**
 * Shared by the examples: Fashion-MNIST from --data-dir (default: the repo's ../shared/data when
 * present, or DROPOUT_DATA_DIR), else the built-in SyntheticDigits so the program runs anywhere.
 */
import { parseArgs } from "node:util";
import { datasets, type data } from "dropout-ts";

export interface ExampleArgs {
  dataDir: string | undefined;
  epochs: number;
  seed: number;
  limit: number | undefined;
}

export function exampleArgs(defaults: { epochs: number }): ExampleArgs {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string" },
      epochs: { type: "string" },
      seed: { type: "string" },
      limit: { type: "string" },
    },
  });
  return {
    dataDir: values["data-dir"] ?? datasets.defaultDataDir(),
    epochs: Number(values.epochs ?? defaults.epochs),
    seed: Number(values.seed ?? 0),
    limit: values.limit === undefined ? undefined : Number(values.limit),
  };
}

export interface ExampleData {
  train: data.Dataset<[import("dropout-ts").Tensor, import("dropout-ts").Tensor]>;
  test: data.Dataset<[import("dropout-ts").Tensor, import("dropout-ts").Tensor]>;
  description: string;
}

export function loadExampleData(args: ExampleArgs, transform?: (x: unknown) => unknown): ExampleData {
  const options = transform === undefined ? {} : { transform };
  if (args.dataDir !== undefined) {
    const train = new datasets.FashionMNIST({ root: args.dataDir, train: true, ...options });
    const test = new datasets.FashionMNIST({ root: args.dataDir, train: false, ...options });
    return { train, test, description: `Fashion-MNIST from ${args.dataDir} (${train.length} train, ${test.length} test)` };
  }
  const train = new datasets.SyntheticDigits({ size: 12000, seed: 1, ...options });
  const test = new datasets.SyntheticDigits({ size: 2000, seed: 2, ...options });
  return { train, test, description: "SyntheticDigits (no data directory found; pass --data-dir for Fashion-MNIST)" };
}
