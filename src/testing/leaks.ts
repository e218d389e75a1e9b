/**
 * The leak check: go.uber.org/goleak for gochan. A tracker watches from the
 * moment it is made; each `check()` (a test's `afterEach`) looks at what was
 * created since the previous check and is still alive:
 * - gochan operations still parked (a send nobody will receive, a select
 *   with no case ever ready), from the registry of src/kernel/trace.ts,
 *   with the call site of each;
 * - gochan timers still pending (a Ticker never stopped, an afterFunc, a
 *   sleep, a timer channel someone still waits on), from the timer hook;
 * - pools whose `settled()` has not resolved (never closed, or still
 *   draining), from the Pool-creation hook.
 * Things that are just winding down get a few more turns of the event loop
 * first, as goleak retries, and only what is still there is reported. Each
 * check starts a new window, so one test's leak is reported once, in that
 * test.
 */
import { brandError, level, setLevel, setOnPool } from "../channel/internal.js";
import { blocked, userFrames, type BlockedOperation } from "../runtime/blocked.js";
import { describe as describeChannel } from "../runtime/report.js";
import { pending, useHook, type WatchedTimer } from "./hook.js";
import { keyOf, reported } from "./deadlock.js";

/**
 * One thing a leak check found.
 *
 * @example
 * ```ts
 * const leak: Leak = { kind: "timer", what: "gochan interval every 100 ms", stack: "\tat test.ts:3:5" };
 * ```
 */
export interface Leak {
  readonly kind: "operation" | "timer" | "pool";
  /** What it is, in a line: `chan send on chan jobs (cap 0, len 0)`, `gochan interval every 100 ms`, `Pool`. */
  readonly what: string;
  /** Where it was created (parked, set, made), the caller's frames first; "" if unknown. */
  readonly stack: string;
}

/**
 * What {@link LeakError} says first.
 */
export const FOUND = "found unexpected gochan leftovers:";

/**
 * What a failed leak check throws: goleak's report for gochan, one entry per
 * leftover with where it was created; `leaks` lists them.
 *
 * @example
 * ```ts
 * try { await leaks.check(); }
 * catch (e) { if (e instanceof LeakError) console.error(e.leaks.map((l) => l.what)); }
 * ```
 */
export class LeakError extends Error {
  /** @param leaks what was found. */
  constructor(
    /** What was left behind, one entry each. */
    readonly leaks: readonly Leak[],
  ) {
    super(`${FOUND}\n\n${leaks.map((l) => `[${l.kind}] ${l.what}${l.stack === "" ? "" : `\n${l.stack}`}`).join("\n\n")}\n`);
    this.name = "LeakError";
  }
}

/**
 * What `check()` and `find()` throw once the tracker was stopped: a
 * stopped tracker no longer records timers, pools or call sites, so it
 * cannot say that nothing leaked, and it never passes by accident.
 *
 * @example
 * ```ts
 * const leaks = trackLeaks();
 * leaks.stop();
 * await leaks.check().catch((e) => console.log(e instanceof LeakTrackerStoppedError)); // true
 * ```
 */
export class LeakTrackerStoppedError extends Error {
  /** @param what `check` or `find`. */
  constructor(what: string) {
    super(`trackLeaks: ${what}() after stop(): this tracker no longer watches; make a new one`);
    this.name = "LeakTrackerStoppedError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(LeakTrackerStoppedError, "LeakTrackerStoppedError");

/**
 * Options of {@link trackLeaks}.
 *
 * @example
 * ```ts
 * const leaks = trackLeaks({ attempts: 10, ignore: (l) => l.what.includes("chan heartbeat") });
 * ```
 */
export interface LeakOptions {
  /** How many looks before reporting (goleak's retries); each waits longer. Default 20. */
  attempts?: number | undefined;
  /** The longest wait between two looks, in ms. Default 10 (about 150 ms in all before a leak is reported). */
  maxBackoff?: number | undefined;
  /** Leftovers for which this returns true are not reported (goleak's ignore options). */
  ignore?: ((leak: Leak) => boolean) | undefined;
}

/**
 * A running leak check: made by {@link trackLeaks}.
 *
 * @example
 * ```ts
 * const leaks: LeakTracker = trackLeaks();
 * afterEach(() => leaks.check());
 * afterAll(() => leaks.stop());
 * ```
 */
export interface LeakTracker {
  /**
   * Resolves if nothing created since the last check is left over (after
   * retries); rejects with a {@link LeakError} listing each leftover
   * otherwise. Either way a new window starts. After `stop()` it rejects
   * with a {@link LeakTrackerStoppedError}: a stopped tracker cannot vouch
   * for anything.
   *
   * @example
   * ```ts
   * afterEach(() => leaks.check());
   * ```
   */
  check(): Promise<void>;
  /**
   * What is left over now, without retrying or starting a new window.
   *
   * @throws LeakTrackerStoppedError after `stop()`.
   *
   * @example
   * ```ts
   * console.log(leaks.find().length, "leftovers so far");
   * ```
   */
  find(): Leak[];
  /**
   * Stops watching (timers and pools are no longer recorded). Calling it
   * again does nothing; `check()` and `find()` throw from now on.
   *
   * @example
   * ```ts
   * afterAll(() => leaks.stop());
   * ```
   */
  stop(): void;
}

interface PoolRecord {
  readonly since: number;
  readonly site: Error;
  done: boolean;
}

const pools = new Set<PoolRecord>();
let trackers = 0;
let levelBefore: 0 | 1 | 2 = 0;

function site(what: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  const e = new Error(what);
  Error.stackTraceLimit = limit;
  return e;
}

function watchPool(pool: { settled(): Promise<void> }): void {
  const rec: PoolRecord = { since: performance.now(), site: site("pool made"), done: false };
  pools.add(rec);
  void pool.settled().then(
    () => {
      rec.done = true;
      pools.delete(rec);
    },
    () => {
      rec.done = true;
      pools.delete(rec);
    },
  );
}

/**
 * Starts a leak check, go.uber.org/goleak's `VerifyNone` for gochan: call
 * `check()` after each test and it fails when something the test created is
 * still alive: a gochan operation still parked, a gochan timer still
 * pending (a Ticker never stopped, say), or a Pool not shut down. Each
 * leftover is listed with where it was created. It looks up to `attempts`
 * times, a little longer each time, so that what is winding down passes.
 *
 * While it watches, every parked operation records its call site (a stack
 * per park) and every gochan timer one stack: fine for tests, not for
 * production.
 *
 * @throws TypeError at the call if `options` is not an object or `ignore`
 *   not a function; RangeError for a bad `attempts` or `maxBackoff`.
 *
 * @example
 * ```ts
 * import { afterAll, afterEach } from "vitest";
 * import { trackLeaks } from "gochan/testing";
 *
 * const leaks = trackLeaks();
 * afterEach(() => leaks.check());
 * afterAll(() => leaks.stop());
 * ```
 */
export function trackLeaks(options: LeakOptions = {}): LeakTracker {
  if (typeof options !== "object" || options === null) throw new TypeError(`trackLeaks: options must be an object, got ${options === null ? "null" : typeof options}`);
  if (options.ignore !== undefined && typeof options.ignore !== "function") {
    throw new TypeError(`trackLeaks: ignore must be a function (leak) => boolean, got ${typeof options.ignore}`);
  }
  const attempts = options.attempts ?? 20;
  const maxBackoff = options.maxBackoff ?? 10;
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new RangeError(`trackLeaks: attempts must be a positive integer, got ${String(attempts)}`);
  if (!(maxBackoff >= 0)) throw new RangeError(`trackLeaks: maxBackoff must be a non-negative number of ms, got ${String(maxBackoff)}`);
  if (trackers++ === 0) {
    levelBefore = level();
    setLevel(2);
    setOnPool(watchPool);
  }
  useHook("watch", 1);
  let since = performance.now();
  let stopped = false;

  const find = (): Leak[] => {
    if (stopped) throw new LeakTrackerStoppedError("find");
    const out: Leak[] = [];
    for (const op of blocked()) if (op.since >= since && !reported.has(keyOf(op))) out.push(operation(op));
    for (const t of pending) if (t.since >= since) out.push(timer(t));
    for (const p of pools) if (!p.done && p.since >= since) out.push({ kind: "pool", what: "Pool not shut down (close() it and drain its results, or abort its signal)", stack: userFrames(p.site.stack ?? "") });
    return options.ignore === undefined ? out : out.filter((l) => !options.ignore!(l));
  };

  return {
    find,
    async check(): Promise<void> {
      if (stopped) throw new LeakTrackerStoppedError("check");
      let found = find();
      for (let i = 1; i < attempts && found.length > 0; i++) {
        await pause(Math.min(maxBackoff, i < 4 ? 0 : 2 ** (i - 4)));
        found = find();
      }
      since = performance.now();
      reported.clear(); // what a bubble reported before this window cannot be in the next one
      if (found.length > 0) throw new LeakError(found);
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      useHook("watch", -1);
      if (--trackers === 0) {
        setOnPool(null);
        if (level() === 2) setLevel(levelBefore);
      }
    },
  };
}

function operation(op: BlockedOperation): Leak {
  const on = op.channels.map((c) => describeChannel(c, op.channels.length > 1)).join(", ");
  const detail = op.detail === "" ? "" : ` (${op.detail})`;
  return { kind: "operation", what: `${op.reason}${on === "" ? "" : ` ${on}`}${detail}`, stack: op.stack };
}

function timer(t: WatchedTimer): Leak {
  return { kind: "timer", what: t.kind === "interval" ? `gochan interval every ${t.ms} ms (a Ticker not stopped?)` : `gochan timer of ${t.ms} ms`, stack: t.stack };
}

/** 0: a macrotask turn; otherwise a real timeout (not a gochan one, so not watched). */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms === 0 && typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, ms)));
}
