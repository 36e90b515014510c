/** What a workload is asked to run: quick (the default) or the full counts WORKLOADS.md states. */
export interface BenchOptions {
  /** W1/W3 epochs (5 when full, as WORKLOADS.md's accuracies; 3 otherwise, the minimum for a median). */
  epochs: number;
  /** Repetitions of an op measurement (≥ 5). */
  reps: number;
  /** W2: chunks of 100 batches, each extrapolated to an epoch. */
  chunks: number;
}

export const quick: BenchOptions = { epochs: 3, reps: 15, chunks: 3 };
export const full: BenchOptions = { epochs: 5, reps: 30, chunks: 5 };
