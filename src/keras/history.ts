import { History as FitHistory } from "../train/history.js";

export interface HistoryParams {
  epochs: number;
  steps: number;
  verbose: 0 | 1 | 2;
}

/**
 * What Keras' fit returns: `history.history` holds exactly the loss and compiled metrics per epoch
 * (loss, accuracy, val_loss, val_accuracy); the seconds each epoch took are kept apart, in `seconds`.
 */
export class History extends FitHistory {
  readonly seconds: number[] = [];

  constructor(readonly params: HistoryParams) {
    super();
  }

  /** Keras' view of fit's History: only `keys` (in that order), seconds set aside. */
  static from(fitted: FitHistory, keys: readonly string[], params: HistoryParams): History {
    const history = new History(params);
    fitted.epoch.forEach((epoch, i) => {
      const logs: Record<string, number> = {};
      for (const key of keys) {
        const values = fitted.history[key];
        if (values !== undefined) logs[key] = values[i]!;
      }
      history.record(epoch, logs);
      history.seconds.push(fitted.history["seconds"]?.[i] ?? NaN);
    });
    return history;
  }
}
