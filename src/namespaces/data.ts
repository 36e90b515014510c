/** The `data` namespace: datasets, the DataLoader and `transforms`. */
export { Dataset, Subset, TensorDataset, randomSplit } from "../data/dataset.js";
export { DataLoader, defaultCollate, type DataLoaderOptions } from "../data/dataloader.js";
export * as transforms from "../data/transforms.js";
