/**
 * WaitGroup: Go's `sync.WaitGroup`, a counter of goroutines still running.
 *
 * `add` moves the counter, `wait` parks until it is zero. Waiters are kept in
 * a Set so that an aborted `wait` removes itself in O(1) (X2), and released
 * all at once when the counter reaches zero, after which the group is as new
 * and can be reused (W3).
 *
 * Invariant: the counter is never negative; waiters are parked only while it
 * is positive.
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import { ready } from "../kernel/pace.js";
import { DETAIL, traceTask } from "../kernel/trace.js";
import { WaitList, WAITERS } from "../kernel/waitlist.js";
import { NegativeWaitGroupCounterError } from "./errors.js";

/** What `deferDone()` returns: `done()` on the first dispose, nothing on later ones. */
class DeferredDone implements Disposable {
  #wg: WaitGroup | null;
  constructor(wg: WaitGroup) {
    this.#wg = wg;
  }
  [Symbol.dispose](): void {
    const wg = this.#wg;
    this.#wg = null;
    wg?.done();
  }
}

/**
 * Waits for a collection of goroutines to finish: Go's `sync.WaitGroup`.
 *
 * @example
 * ```ts
 * const wg = new WaitGroup();
 * for (let w = 1; w <= 3; w++) {
 *   wg.add(1);
 *   void (async () => {
 *     try { await work(w); } finally { wg.done(); } // defer wg.Done()
 *   })();
 * }
 * await wg.wait();
 * ```
 */
export class WaitGroup {
  #counter = 0;
  readonly #waiting = new WaitList();

  /**
   * Adds `delta` (which may be negative) to the counter: Go's `wg.Add(delta)` (W1).
   * When it reaches zero, every `wait` resolves.
   *
   * @throws NegativeWaitGroupCounterError if the counter would go below zero (W2);
   *   the counter is left as it was.
   * @throws RangeError if `delta` is not a safe integer.
   *
   * @example
   * ```ts
   * wg.add(numWorkers); // seed 003: hire the workers
   * ```
   */
  add(delta = 1): void {
    if (!Number.isSafeInteger(delta)) {
      throw new RangeError(`sync: WaitGroup delta must be a safe integer, got ${String(delta)}`);
    }
    const next = this.#counter + delta;
    if (next < 0) throw new NegativeWaitGroupCounterError();
    this.#counter = next;
    if (next === 0) for (const w of this.#waiting.values()) w.grant(undefined);
  }

  /**
   * Decrements the counter by one: Go's `wg.Done()`, usually in a `finally`
   * (Go's `defer wg.Done()`).
   *
   * @throws NegativeWaitGroupCounterError if the counter is already zero (W2).
   *
   * @example
   * ```ts
   * try { await job(); } finally { wg.done(); }
   * ```
   */
  done(): void {
    this.add(-1);
  }

  /**
   * Go's `defer wg.Done()` as one line: `using _ = wg.deferDone()` calls
   * `done()` when the scope ends, however it ends (return, throw, break).
   * The counter does not change now; pair it with `add(1)` before the
   * goroutine starts, as in Go. Disposing the handle a second time does
   * nothing, so it counts down once.
   *
   * @example
   * ```ts
   * const wg = new WaitGroup();
   * for (let i = 1; i <= 3; i++) {
   *   wg.add(1);                         // wg.Add(1)
   *   void (async () => {                // go func() {
   *     using _ = wg.deferDone();        //   defer wg.Done()
   *     await work(i);
   *   })();                              // }()
   * }
   * await wg.wait();
   * ```
   */
  deferDone(): Disposable {
    return new DeferredDone(this);
  }

  /**
   * Resolves once the counter is zero, at once if it already is: Go's `wg.Wait()` (W1).
   * Any number of tasks may wait; all are released together.
   *
   * - Cancellation: if `signal` aborts first, rejects with `signal.reason` and
   *   leaves nothing registered (X1, X2).
   *
   * @throws TypeError at the call if `signal` is not an AbortSignal.
   *
   * @example
   * ```ts
   * await wg.wait();                                        // wg.Wait()
   * await wg.wait({ signal: AbortSignal.timeout(5_000) });  // or give up after 5 s
   * ```
   */
  wait(options?: OpOptions): Promise<void> {
    const signal = signalOf(options, "sync: WaitGroup.wait");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.#counter === 0) return ready();
    return this.#waiting.park<void>(0, signal, "WaitGroup.wait", this);
  }

  /**
   * Runs `fn` as a counted goroutine: Go 1.25's `wg.Go(f)`. The counter goes up
   * now and down when `fn` settles, whether it returns or throws (W4).
   *
   * Returns `fn`'s own promise, so its result or error can be awaited. A
   * failure is never swallowed: `wait()` still resolves, and if nobody handles
   * the returned promise, its rejection is reported as unhandled (Node's
   * default is to exit, as a Go program does on a panic).
   *
   * While a trace records (`startTrace()`, the playground), `fn` gets its own
   * lane, named `name`, as with `go(fn, name)`; when none records, the name
   * costs nothing.
   *
   * @throws TypeError if `fn` is not a function.
   *
   * @example
   * ```ts
   * const wg = new WaitGroup();
   * for (let w = 1; w <= 3; w++) void wg.go(() => worker(w, jobs, results), `worker ${w}`);
   * await wg.wait();
   * results.close();
   * ```
   */
  go<T>(fn: () => T | PromiseLike<T>, name = "goroutine"): Promise<Awaited<T>> {
    if (typeof fn !== "function") throw new TypeError(`sync: WaitGroup.go needs a function, got ${typeof fn}`);
    this.add(1);
    let p: Promise<Awaited<T>>;
    try {
      p = Promise.resolve(traceTask(String(name), fn)) as Promise<Awaited<T>>;
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.finally(() => this.done());
  }

  /** What a deadlock report says of this group. @internal */
  get [DETAIL](): string {
    return `WaitGroup counter ${this.#counter}, ${this.#waiting.size} waiting`;
  }

  /** Waiters parked now. @internal */
  get [WAITERS](): number {
    return this.#waiting.size;
  }
}
