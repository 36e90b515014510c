/**
 * Lets a class be called with or without `new`, so a port reads as the Keras program it comes from:
 * `keras.layers.Dense(512, { activation: "relu" })` and `new keras.layers.Dense(512)` are the same.
 */
export type Callable<A extends unknown[], T> = { new (...args: A): T; (...args: A): T; readonly prototype: T };

export function callable<A extends unknown[], T>(cls: new (...args: A) => T): Callable<A, T> {
  // A Proxy's apply trap turns a plain call into a construction; `instanceof` still sees the class.
  return new Proxy(cls, { apply: (target, _this, args) => new target(...(args as A)) }) as unknown as Callable<A, T>;
}
