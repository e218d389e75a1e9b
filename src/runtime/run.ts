/**
 * run(main): a program's main, run as Go runs it.
 *
 * - main returns: the program ends, with status 0, at once. Goroutines still
 *   blocked or sleeping neither keep it alive nor print (Go's `main` returning
 *   ends the process; Node would wait for every pending timer).
 * - main throws: the error is printed as Node prints an uncaught one, and the
 *   status is 1. Go's panic exits with 2; 1 keeps "threw" and "deadlocked"
 *   apart in a CI log, and matches what the same program does without run().
 * - nothing can make progress while main still waits: Go's
 *   `fatal error: all goroutines are asleep - deadlock!`, one entry per
 *   blocked operation, status 2.
 *
 * "Nothing can make progress" is the event loop running empty with main's
 * promise still pending: Node emits `beforeExit` exactly then, when no timer,
 * socket, child process or other handle is left, so only promises that no
 * one can settle remain. That is Go's `checkdead`, which also stays silent
 * while a timer is pending, and it costs nothing while the program runs: no
 * polling, no timer of our own keeping the loop alive. A listener on
 * `beforeExit` cannot be fooled by an unref'd timer either (it fires anyway,
 * as Go's detector would not; gochan's timers are never unref'd).
 *
 * A browser has no such moment (its event loop never ends), so there run()
 * watches instead: when main has waited for `idle` ms with gochan
 * operations parked, no gochan timer (sleep) pending, and no operation
 * parked or woken since the last look, it reports through `console.error`
 * and rejects its promise with a {@link DeadlockError}. That is a guess (a
 * fetch in flight looks the same), so it is said as such in docs/diagnostics.md.
 */
import { activity, level, setLevel } from "../kernel/trace.js";
import { blocked, blockedHere, type BlockedOperation } from "./blocked.js";
import { elsewhere, watch } from "./elsewhere.js";
import { absolute, env, proc, writeFile, type Proc } from "./host.js";
import { deadlockReport } from "./report.js";
import { startTrace, type Trace, type Tracer } from "./trace.js";

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * await run(main, { callSites: true, trace: "trace.html" });
 * ```
 */
export interface RunOptions {
  /**
   * End the process when main ends (status 0, 1 or 2), as Go does. Default:
   * true where there is a process (Node, Deno, Bun). With false, run()'s
   * promise settles instead: it resolves when main returns, rejects with
   * main's error, or rejects with a {@link DeadlockError}.
   */
  exit?: boolean | undefined;
  /**
   * Record where each parked operation was called, for the deadlock report.
   * Costs a captured stack per parked operation. Default: on when
   * `GOCHAN_DEBUG=1` is in the environment.
   */
  callSites?: boolean | undefined;
  /**
   * Record a trace of the run and write it as an HTML timeline to this
   * path when the program ends (however it ends), or hand it to this
   * function. Default: the path in `GOCHAN_TRACE`, if set.
   */
  trace?: string | ((trace: Trace) => void) | undefined;
  /** Browsers only: how long (ms) nothing may move before run() reports a deadlock. Default 2000. */
  idle?: number | undefined;
}

/**
 * What run() rejects with (when it does not exit) on a deadlock: Go's
 * message, and the operations that were blocked.
 *
 * @example
 * ```ts
 * try { await run(main, { exit: false }); }
 * catch (e) { if (e instanceof DeadlockError) console.error(e.report); }
 * ```
 */
export class DeadlockError extends Error {
  /**
   * @param blocked the operations parked when the deadlock was found.
   * @param report the text run() printed.
   */
  constructor(
    /** Every operation that was blocked, as `blocked()` listed them. */ readonly blocked: readonly BlockedOperation[],
    /** The report as printed: Go's text. */ readonly report: string,
  ) {
    super("all goroutines are asleep - deadlock!");
    this.name = "DeadlockError";
  }
}

/**
 * Runs `main` as Go runs a program's `main`: the program ends when main
 * returns, even with goroutines still blocked; and if main can never return
 * because nothing can make progress, it prints Go's
 * `fatal error: all goroutines are asleep - deadlock!`, then one entry per
 * blocked operation (what it waits for, on which channel, where it was
 * called), and exits with status 2.
 *
 * While it runs, every parked operation is recorded (a small record each;
 * with `callSites`, or `GOCHAN_DEBUG=1`, a stack each too).
 *
 * @returns a promise that, with `exit` (the default under Node), never
 *   settles: the process ends instead. Without `exit`, it settles as main does.
 *
 * @example
 * ```ts
 * import { Channel, WaitGroup, run } from "gochan";
 *
 * run(async () => {
 *   const jobs = new Channel<number>(5, { name: "jobs" });
 *   const wg = new WaitGroup();
 *   for (let w = 0; w < 3; w++) void wg.go(async () => { for await (const j of jobs) console.log(w, j); });
 *   for (let j = 0; j < 5; j++) await jobs.send(j);
 *   // close(jobs) forgotten: prints the deadlock report and exits with status 2
 *   await wg.wait();
 * });
 * ```
 */
export function run(main: () => unknown, options: RunOptions = {}): Promise<void> {
  if (typeof main !== "function") throw new TypeError(`run: main must be a function, got ${typeof main}`);
  const p = proc();
  const exit = options.exit ?? p !== null;
  const idle = options.idle ?? 2000;
  if (!(idle > 0)) throw new RangeError(`run: idle must be a positive number of ms, got ${String(idle)}`);
  const debug = env("GOCHAN_DEBUG");
  const sites = options.callSites ?? (debug !== undefined && debug !== "" && debug !== "0");
  const before = level();
  setLevel(Math.max(before, sites ? 2 : 1) as 1 | 2);
  const traceTo = options.trace ?? env("GOCHAN_TRACE") ?? undefined;
  const tracer: Tracer | null = traceTo === undefined || traceTo === "" ? null : startTrace();

  let settled = false;
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const result = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  const end = (code: 0 | 1 | 2, error?: unknown): void => {
    if (settled) return;
    settled = true;
    p?.off("beforeExit", onEmpty);
    watch(-1);
    if (watchdog !== undefined) clearTimeout(watchdog);
    if (tracer !== null) saveTrace(tracer.stop(), traceTo!, p);
    if (code === 1) {
      if (exit) console.error(error);
    }
    if (exit && p !== null) {
      if (elsewhere === null) return flushAndExit(p, code);
      const finish = (): void => flushAndExit(p, code);
      return void elsewhere.stop().then(finish, finish);
    }
    if (level() !== before) setLevel(before);
    if (code === 0) resolve();
    else reject(error);
  };

  const deadlock = (elsewhereOps?: BlockedOperation[]): void => {
    const ops = elsewhereOps === undefined ? blocked() : [...blockedHere(), ...elsewhereOps];
    const report = deadlockReport(ops);
    if (p !== null && exit) p.stderr.write(report);
    else console.error(report);
    end(2, new DeadlockError(ops, report));
  };

  // Node, Deno, Bun: the event loop ran empty with main still waiting.
  // With goroutines on threads, this thread's loop runs empty while theirs
  // may still move: ask them all first (Go's checkdead counts every M).
  const onEmpty = (): void => {
    if (settled) return;
    if (elsewhere === null) return deadlock();
    void elsewhere.quiet().then((ops) => {
      if (ops !== null && !settled) deadlock(ops);
    });
  };
  p?.on("beforeExit", onEmpty);
  watch(1);

  // A browser: no end of the loop to hear, so look now and then.
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  if (p === null) {
    let seen = -1;
    const look = (): void => {
      if (settled) return;
      const ops = blocked();
      const stuck = ops.length > 0 && activity === seen && !ops.some((o) => o.reason === "sleep");
      seen = activity;
      if (stuck) deadlock();
      else watchdog = setTimeout(look, idle);
    };
    watchdog = setTimeout(look, idle);
  }

  // Go's runtime.main calls main.main: this frame tells main's operations
  // from the others' in a report (MAIN_FRAME is its name). Main is task 0 of a trace.
  async function runtimeMain(): Promise<unknown> {
    return await main();
  }
  runtimeMain().then(
    () => end(0),
    (e: unknown) => end(1, e),
  );
  return result;
}

function saveTrace(trace: Trace, to: string | ((t: Trace) => void), p: Proc | null): void {
  if (typeof to === "function") return to(trace);
  const say = (msg: string): void => void (p !== null ? p.stderr.write(`${msg}\n`) : console.error(msg));
  // The program's own outcome matters more than its trace: a trace that cannot be written is said, not thrown.
  try {
    if (writeFile(to, trace.html(`gochan trace: ${to}`))) say(`gochan: trace written to ${absolute(to)} (open it in a browser)`);
    else say(`gochan: no file system to write the trace to ${to}`);
  } catch (e) {
    say(`gochan: could not write the trace to ${to}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Ends the process once what was written to stdout and stderr has gone out (a pipe can lag). */
function flushAndExit(p: Proc, code: number): void {
  p.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) p.exit(code);
  };
  p.stdout.write("", done);
  p.stderr.write("", done);
}
