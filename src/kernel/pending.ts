/**
 * A pending promise without a closure per operation.
 *
 * `new Promise((resolve) => park(resolve))` allocates, besides the promise
 * and its resolving functions, an executor closure and the context holding
 * what it captures, and that context is made on every call of the function
 * that writes it, also on the paths that never park (a send that finds a
 * receiver). Here every promise is made by one shared executor that leaves
 * its `resolve` in a slot, which the caller takes at once: the operation
 * allocates nothing but the promise and its waiter.
 *
 * Invariant: `taken()` is called right after `pending()`, before any other
 * code can make a promise here (both are synchronous, so nothing can run
 * between them).
 */

let last: ((value: any) => void) | null = null;

function grab(resolve: (value: any) => void): void {
  last = resolve;
}

/** A new pending promise; its `resolve` is what the next `taken()` returns. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(grab);
}

/** The `resolve` of the promise `pending()` just made. */
export function taken(): (value: any) => void {
  const r = last!;
  last = null; // the slot does not keep the promise alive
  return r;
}
