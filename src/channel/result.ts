/**
 * What a receive returns: Go's `v, ok := <-ch` as a tuple (rule C6).
 *
 * `[value, true]` for a delivered value, `[undefined, false]` once the channel
 * is closed and drained. JavaScript has no zero value, so the closed case
 * carries `undefined`.
 *
 * @example
 * ```ts
 * const [v, ok]: RecvResult<number> = await ch.recv();
 * if (ok) console.log(v + 1); // v is a number here
 * ```
 */
export type RecvResult<T> = readonly [value: T, ok: true] | readonly [value: undefined, ok: false];

/** The one closed result, shared: a closed channel answers it forever (C9). */
export const CLOSED: RecvResult<never> = Object.freeze([undefined, false] as const);

/**
 * Options of every operation that can block.
 *
 * @example
 * ```ts
 * const [v] = await ch.recv({ signal: AbortSignal.timeout(1000) }); // rejects after 1 s
 * ```
 */
export interface OpOptions {
  /**
   * Aborts the operation if it has not completed yet: the promise rejects with
   * `signal.reason` and the operation has had no effect (rule X1).
   */
  signal?: AbortSignal | undefined;
}


/** The key of the brand that channels and views carry: shared by every copy of gochan in a realm. */
export const BRAND: unique symbol = Symbol.for("gochan.brand") as never;
