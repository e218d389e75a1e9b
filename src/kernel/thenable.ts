/**
 * Whether a value is a promise-like (a `then` method), by its shape: what
 * the pool, its threads and Once check before they await a handler's value,
 * so that a handler returning a plain value costs no promise.
 */
export function isThenable<R>(x: R | PromiseLike<R>): x is PromiseLike<R> {
  return (typeof x === "object" || typeof x === "function") && x !== null && typeof (x as { then?: unknown }).then === "function";
}
