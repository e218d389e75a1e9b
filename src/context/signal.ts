/**
 * fromSignal: any AbortSignal as a context, so that code given a signal (a
 * request's, AbortSignal.timeout's) can hand a Context down.
 */
import { Node, type Context } from "./context.js";
import { Canceled, DeadlineExceeded } from "./errors.js";

/**
 * A context that is cancelled when `signal` aborts: `err()` is
 * `DeadlineExceeded` if the signal timed out (`AbortSignal.timeout`'s
 * `TimeoutError`), else `Canceled`; {@link cause} gives `signal.reason`.
 * Its own `signal` has the Go error as its reason.
 *
 * One listener on `signal`, for as long as the signal lives or until it
 * aborts; contexts derived from the result add none (K3).
 *
 * @throws TypeError if `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * const ctx = fromSignal(AbortSignal.timeout(5000));
 * const [child, cancel] = withCancel(ctx);
 * await work(child);
 * cancel();
 * ```
 */
export function fromSignal(signal: AbortSignal): Context {
  if (!(signal instanceof AbortSignal)) throw new TypeError(`context: fromSignal needs an AbortSignal, got ${typeof signal}`);
  const node = new Node(null, undefined);
  const cancel = () => node.cancel(goError(signal.reason), signal.reason);
  if (signal.aborted) cancel();
  else signal.addEventListener("abort", cancel, { once: true });
  return node;
}

function goError(reason: unknown): Error {
  return (reason as { name?: unknown } | null)?.name === "TimeoutError" ? DeadlineExceeded : Canceled;
}
