/**
 * Checking the options of an operation that can block, at the call.
 *
 * Every blocking call in gochan (send, recv, select, sleep, acquire, wait,
 * the pool's submit) reads its signal through `signalOf` before it touches
 * anything. A bad option is then a TypeError that names it, thrown before a
 * waiter is parked, a timer set or a permit counted, so bad input leaves
 * nothing behind. Checking later, when the signal is first used, parks a
 * waiter that can never be withdrawn and breaks the next valid operation.
 *
 * The valid cases stay cheap: no options or no signal return at the first
 * test, and a real signal passes an `instanceof`. A signal from another
 * realm (an iframe, a vm context, a test DOM) fails that test, so anything
 * shaped like an AbortSignal (a boolean `aborted` and the two listener
 * methods) is accepted too: that is all gochan uses of it.
 */

/**
 * The signal in `options`, or undefined if there is none.
 *
 * @param where names the call in the error, e.g. `send` or `semaphore: acquire`.
 * @throws TypeError if `options` is neither undefined nor an object, or its
 *   `signal` is neither undefined nor an AbortSignal.
 */
export function signalOf(options: { readonly signal?: unknown } | undefined, where: string): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: options: expected an object, got ${describe(options)}`);
  }
  const signal = options.signal;
  return signal === undefined ? undefined : checkSignal(signal, where);
}

/**
 * `signal` itself, checked: for a signal that is a required argument, as `done(signal)`'s.
 *
 * @throws TypeError if `signal` is not an AbortSignal.
 */
export function checkSignal(signal: unknown, where: string): AbortSignal {
  if (isSignal(signal)) return signal;
  throw new TypeError(`${where}: signal: expected an AbortSignal, got ${describe(signal)}`);
}

// Some runtimes a library may meet have no AbortSignal global (old embedded
// engines): there only the shape can tell.
const Signal: (abstract new () => AbortSignal) | undefined = typeof AbortSignal === "function" ? AbortSignal : undefined;

function isSignal(x: unknown): x is AbortSignal {
  if (Signal !== undefined && x instanceof Signal) return true;
  if (typeof x !== "object" || x === null) return false;
  const s = x as Partial<Record<"aborted" | "addEventListener" | "removeEventListener", unknown>>;
  return typeof s.aborted === "boolean" && typeof s.addEventListener === "function" && typeof s.removeEventListener === "function";
}

/** What a bad value was, for the message: its type, `null`, or an object's class. */
function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  const name: unknown = (x as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}
