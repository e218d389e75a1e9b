/**
 * A job's deadline, written once for every place that runs a handler and
 * waits on it: the in-thread pool (inline.ts) and the broker's workers
 * (src/bullmq/serve.ts). A thread pool keeps its deadlines on the main
 * thread, one timer per job it sent (threaded.ts), since there the handler
 * runs elsewhere and only a message says it settled.
 *
 * The rules, the same everywhere:
 * - the deadline counts from the job's start, the handler's synchronous
 *   part included;
 * - a handler's outcome is timed where it settles, not where the caller
 *   looks (under a busy microtask queue the caller may look much later);
 * - a handler that settled within its deadline is never reported timed
 *   out, even when the timer fired in the same turn;
 * - the timer is gochan's one never-early timer (T1), cleared once either
 *   side wins.
 */
import { isThenable } from "../kernel/thenable.js";
import { clearLongTimeout, setLongTimeout, type LongTimeout } from "../time/timeout.js";
import { now as clock } from "../kernel/clock.js";

/** How a handler settled, and when (on the pool's clock). */
export type Settled<R> = { ok: true; value: R; at: number } | { ok: false; error: unknown; at: number };


/** Runs `handler` and times how it settles: at once for a plain value or a throw, no promise made. */
export function settle<R>(handler: () => R | PromiseLike<R>): Settled<R> | Promise<Settled<R>> {
  let r: R | PromiseLike<R>;
  try {
    r = handler();
  } catch (error) {
    return { ok: false, error, at: clock() };
  }
  if (!isThenable(r)) return { ok: true, value: r as R, at: clock() };
  return Promise.resolve(r).then(
    (value): Settled<R> => ({ ok: true, value, at: clock() }),
    (error: unknown): Settled<R> => ({ ok: false, error, at: clock() }),
  );
}

/**
 * The outcome if the handler settled before the deadline came (check
 * {@link inTime}: it may have settled after it), or undefined if the
 * deadline came first and the handler still runs.
 *
 * @param start when the job started, on the same clock as `Settled.at`.
 */
export async function beforeDeadline<R>(settled: Settled<R> | Promise<Settled<R>>, start: number, ms: number): Promise<Settled<R> | undefined> {
  if (!(settled instanceof Promise)) return settled;
  const left = ms - (clock() - start);
  if (left <= 0) return undefined;
  let timer: LongTimeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setLongTimeout(() => resolve(undefined), left)));
  // A handler already settled wins the race: its reaction was queued before the timer's.
  const first = await Promise.race([settled, deadline]);
  clearLongTimeout(timer!);
  return first;
}

/** Whether `o` settled within `ms` of `start`. */
export function inTime<R>(o: Settled<R> | undefined, start: number, ms: number): o is Settled<R> {
  return o !== undefined && o.at - start <= ms;
}
