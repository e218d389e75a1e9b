/**
 * synctest: Go 1.25's `testing/synctest` for gochan. A test body runs in a
 * bubble whose gochan timers (after, Timer, Ticker, afterFunc, sleep,
 * context deadlines, the Pool's timeouts) run on a virtual clock, and the
 * clock moves only when the bubble has nothing left to do but wait for it.
 *
 * "Nothing left to do" is known, not guessed: the driver below runs between
 * macrotasks, so when it runs the microtask queue is empty and no task of
 * the bubble is runnable. Every task is then parked: on a gochan operation,
 * on a virtual timer, or on something gochan cannot see (a fetch, a file, a
 * real setTimeout). The last kind is why {@link outside} exists: a promise
 * handed to it keeps the clock still until it settles, as I/O keeps a Go
 * bubble from being durably blocked. The driver also waits while the
 * channel's event-loop policy (src/kernel/pace.ts) holds a yield open.
 *
 * Each turn of the driver does the first of these that applies:
 * 1. the body has settled: the bubble ends (and fails if gochan operations
 *    it started are still parked, as Go's does);
 * 2. work outside the bubble is pending: wait for it;
 * 3. someone awaits {@link wait}: release them (everyone else is blocked);
 * 4. a virtual timer is pending: jump to the earliest, run it;
 * 5. otherwise: deadlock, with Go's message and the blocked operations.
 *
 * A Ticker whose last tick is still unreceived is not "pending" in step 4:
 * its next tick would be dropped, so nothing could change by it (Go 1.23
 * keeps such a ticker out of its timer heap the same way). The clock skips
 * its ticks, and a bubble that only such tickers keep alive is deadlocked,
 * at once, with the tickers named. A Ticker whose ticks are received by a
 * loop that never ends is caught by `tickLimit`: real time spent moving the
 * clock by ticks alone.
 *
 * This file is the driver and the calls a test makes (synctest, wait,
 * outside, now); the clock and timers it moves are bubble.ts's, and what a
 * failing bubble says is deadlock.ts's.
 */
import { level, setLevel, yielding } from "../channel/internal.js";
import { currentBubble, inBubble, leftBubble, useHook } from "./hook.js";
import { Bubble } from "./bubble.js";
import { BUBBLE_DEADLOCK, BUBBLE_LEFTOVER, mine, report } from "./deadlock.js";
import { BubbleDeadlockError, NestedBubbleError, NotInBubbleError, type RunningTicker } from "./errors.js";

export { BubbleDeadlockError, NestedBubbleError, NotInBubbleError, type RunningTicker };

/**
 * Options of {@link synctest}.
 *
 * @example
 * ```ts
 * await synctest(async () => { await sleep(1000); }, { callSites: false });
 * ```
 */
export interface SynctestOptions {
  /** Record where each parked operation was called, for the deadlock report. Default true. */
  callSites?: boolean | undefined;
  /**
   * Fail when the body returns while gochan operations it started are still
   * parked, as Go's bubble does. Default true.
   */
  strict?: boolean | undefined;
  /**
   * How far virtual time may run, in ms, before the bubble gives up: a
   * Ticker that ticks on while every other task is blocked would otherwise
   * move the clock for ever (Go's bubbles have the same trap). Default ten
   * years.
   */
  limit?: number | undefined;
  /**
   * How long, in ms of real time, the clock may be moved by Ticker ticks
   * alone (no other timer firing, no {@link wait}, no {@link outside} work)
   * before the bubble fails with a {@link BubbleDeadlockError} of kind
   * `"ticker"` naming the tickers: a loop on a Ticker's channel that never
   * ends would otherwise tick until `limit`. Default 2000 ms, under a test
   * runner's usual 5 s timeout; raise it for a test that really runs
   * hundreds of thousands of ticks in a row. `Infinity` turns it off.
   */
  tickLimit?: number | undefined;
}

// The driver's turn: a macrotask, so that the microtask queue has drained.
const macrotask: (fn: () => void) => void =
  typeof setImmediate === "function"
    ? (fn) => void setImmediate(fn)
    : typeof MessageChannel === "function"
      ? (fn) => {
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = () => {
            port1.close();
            fn();
          };
          port2.postMessage(null);
        }
      : (fn) => void setTimeout(fn, 0);

declare const MessageChannel: new () => {
  port1: { onmessage: (() => void) | null; close(): void };
  port2: { postMessage(message: null): void };
};

const turn = (): Promise<void> => new Promise((resolve) => macrotask(resolve));

/**
 * Checks the call, at the call: `body` a function, not already in a bubble
 * (Go panics there too), options in range.
 */
function begin(body: unknown, options: SynctestOptions): { limit: number; tickLimit: number } {
  if (typeof body !== "function") throw new TypeError(`synctest: needs a function, got ${typeof body}`);
  if (currentBubble() !== undefined) throw new NestedBubbleError();
  if (typeof options !== "object" || options === null) throw new TypeError(`synctest: options must be an object, got ${options === null ? "null" : typeof options}`);
  const limit = options.limit ?? 10 * 365.25 * 24 * 3600 * 1000;
  if (typeof limit !== "number" || !(limit > 0)) throw new RangeError(`synctest: limit must be a positive number of ms, got ${String(limit)}`);
  const tickLimit = options.tickLimit ?? 2000;
  if (typeof tickLimit !== "number" || !(tickLimit > 0)) throw new RangeError(`synctest: tickLimit must be a positive number of ms, got ${String(tickLimit)}`);
  return { limit, tickLimit };
}

/**
 * Runs `body` in a bubble with virtual time: Go 1.25's `synctest.Test`.
 *
 * Inside, gochan's timers (`after`, `Timer`, `Ticker`, `afterFunc`, `sleep`,
 * context deadlines, an inline Pool's timeouts) use a virtual clock that
 * starts at 2000-01-01 UTC and jumps to the next timer only once every task
 * of the bubble is blocked. A 30-second timeout then takes microseconds,
 * and the same turn every time. A task belongs to the bubble if the body
 * started it (AsyncLocalStorage follows it, under Node, Deno and Bun).
 *
 * Blocked means parked on a gochan operation (send, receive, select,
 * WaitGroup, Semaphore, Mutex, sleep, a timer's channel) or on a promise the
 * bubble settles ({@link wait}). A task awaiting anything else (a fetch, a
 * file, a real `setTimeout`) is invisible: while it waits, the bubble looks
 * blocked and the clock may jump. Wrap such a promise in {@link outside} to
 * keep the clock still until it settles. Global timers are not patched:
 * `setTimeout`, `Date.now()` and `performance.now()` keep real time, inside
 * the bubble too.
 *
 * A Ticker left running while everything else is blocked does not keep
 * the bubble going: one whose tick nobody received is skipped (the bubble
 * deadlocks at once, naming it), and one whose ticks a never-ending loop
 * receives is stopped after `tickLimit` (2 s) of real time.
 *
 * @returns `body`'s result, once it has settled.
 * @throws TypeError at the call if `body` is not a function; RangeError if
 *   `limit` or `tickLimit` is not a positive number; NestedBubbleError if
 *   called inside a bubble.
 * @throws BubbleDeadlockError (rejects) when every task is blocked and no
 *   timer is pending, or (with `strict`, the default) when `body` returned
 *   with gochan operations still parked; `body`'s own error otherwise.
 *
 * @example
 * ```ts
 * import { synctest } from "gochan/testing";
 * import { after, sleep } from "gochan/time";
 *
 * await synctest(async () => {
 *   const t0 = Date.now();
 *   await sleep(30_000);                 // virtual: returns at once
 *   const [at] = await after(1000).recv();
 *   console.log(at?.toISOString());      // 2000-01-01T00:00:31.000Z
 *   console.log(Date.now() - t0 < 1000); // true: no real time passed
 * });
 * ```
 */
export function synctest<T>(body: () => T | PromiseLike<T>, options: SynctestOptions = {}): Promise<Awaited<T>> {
  const { limit, tickLimit } = begin(body, options);
  return bubble(body, options, limit, tickLimit);
}

async function bubble<T>(body: () => T | PromiseLike<T>, options: SynctestOptions, limit: number, tickLimit: number): Promise<Awaited<T>> {
  const b = new Bubble();
  const before = level();
  const want = options.callSites === false ? 1 : 2;
  if (before < want) setLevel(want);
  useHook("bubble", 1);
  let settled = false;
  let value: Awaited<T> | undefined;
  let failure: { error: unknown } | null = null;
  try {
    const root = inBubble(b, () => Promise.resolve().then(body));
    const done = root.then(
      (v) => {
        settled = true;
        value = v as Awaited<T>;
      },
      (e: unknown) => {
        settled = true;
        failure = { error: e };
      },
    );
    // When the clock began to be moved by ticks alone (performance.now()), or -1.
    let ticking = -1;
    for (;;) {
      await turn();
      if (settled) break;
      if (b.outside.size > 0) {
        ticking = -1;
        await Promise.race([done, ...[...b.outside].map((p) => p.catch(() => undefined))]);
        continue;
      }
      if (yielding()) continue;
      if (b.waiters.length > 0) {
        ticking = -1;
        for (const w of b.waiters.splice(0)) w();
        continue;
      }
      const e = b.next();
      if (e !== undefined && e.when > limit) {
        const ops = mine(b);
        const tickers = b.tickers();
        throw new BubbleDeadlockError(ops, report(`synctest: virtual time would pass ${limit} ms with the body still waiting (a Ticker ticking while every other task is blocked?)`, ops, tickers), "limit", tickers);
      }
      if (e !== undefined) {
        if (e.every > 0) {
          const t = performance.now();
          if (ticking < 0) ticking = t;
          else if (t - ticking > tickLimit) {
            const ops = mine(b);
            const tickers = b.tickers();
            const head = `synctest: for ${tickLimit} ms of real time only Ticker ticks moved the clock (now ${b.t} ms), with the body still waiting: a loop on a Ticker that never ends?`;
            throw new BubbleDeadlockError(ops, report(head, ops, tickers), "ticker", tickers);
          }
        } else ticking = -1;
        b.fire(e);
        continue;
      }
      const ops = mine(b);
      const tickers = b.tickers();
      throw new BubbleDeadlockError(ops, report(BUBBLE_DEADLOCK, ops, tickers), "deadlock", tickers);
    }
    if (failure !== null) throw (failure as { error: unknown }).error;
    if (options.strict !== false) {
      // Go's bubble waits for its goroutines; here they have had a turn to finish.
      await turn();
      const ops = mine(b);
      if (ops.length > 0) throw new BubbleDeadlockError(ops, report(BUBBLE_LEFTOVER, ops), "leftover");
    }
    return value as Awaited<T>;
  } finally {
    b.clear();
    leftBubble(b);
    useHook("bubble", -1);
    if (level() === want && before < want) setLevel(before);
  }
}


/**
 * Resolves once every other task of the bubble is blocked: Go's
 * `synctest.Wait()`. Use it to let goroutines reach their next blocking
 * point before checking what they did, without moving the clock.
 *
 * @throws NotInBubbleError at the call if called outside a bubble, as Go
 *   panics (`goroutine is not in a bubble`).
 *
 * @example
 * ```ts
 * await synctest(async () => {
 *   const ch = new Channel<number>(1);
 *   let got = 0;
 *   void ch.recv().then(([v]) => (got = v ?? 0));
 *   void ch.send(7);
 *   await wait();
 *   console.log(got); // 7
 * });
 * ```
 */
export function wait(): Promise<void> {
  const b = currentBubble();
  if (!(b instanceof Bubble)) throw new NotInBubbleError();
  return new Promise((resolve) => b.waiters.push(resolve));
}

/**
 * Marks `p` as work outside the bubble (a fetch, a file, a thread): until it
 * settles, the bubble is not blocked and its clock stands still, as Go's
 * does while a goroutine is in I/O. Returns a promise that settles as `p`
 * does. Outside a bubble it returns `p` as it is.
 *
 * @example
 * ```ts
 * await synctest(async () => {
 *   const res = await outside(fetch("http://localhost:8080/config")); // the clock waits for it
 *   console.log(res.status);
 * });
 * ```
 */
export function outside<T>(p: PromiseLike<T>): Promise<T> {
  const b = currentBubble();
  const q = Promise.resolve(p);
  if (!(b instanceof Bubble)) return q;
  const tracked: Promise<T> = q.then(
    (v) => (b.outside.delete(tracked), v),
    (e: unknown) => {
      b.outside.delete(tracked);
      throw e;
    },
  );
  b.outside.add(tracked);
  return tracked;
}

/**
 * The bubble's virtual time, as a Date (Go's `time.Now()` inside a bubble);
 * the real time outside one. `Date.now()` is not patched, so code that
 * should see virtual time reads this.
 *
 * @example
 * ```ts
 * await synctest(async () => {
 *   await sleep(1500);
 *   console.log(now().toISOString()); // 2000-01-01T00:00:01.500Z
 * });
 * ```
 */
export function now(): Date {
  const b = currentBubble();
  return new Date(b === undefined ? Date.now() : b.wall());
}
