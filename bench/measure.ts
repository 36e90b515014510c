/** One benchmark figure for each library, and how the table reads it. */

/** Repeated samples of one figure, or why a library has none ("not installed", "cannot train: …"). */
export type Figure = number[] | string;

export interface Measure {
  workload: string;
  measure: string;
  /** Speed figures compare as ratios; accuracies and byte counts are shown side by side only. */
  compare: "lower is better" | "higher is better" | "no";
  ours: Figure;
  tfjs: Figure;
  torch: Figure;
}

/** A peer's result for a measure, or its reason for having none. */
export function pick<T>(result: T | string, get: (r: T) => Figure): Figure {
  return typeof result === "string" ? result : get(result);
}
