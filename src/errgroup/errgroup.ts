/**
 * ErrGroup: Go's `golang.org/x/sync/errgroup`, goroutines that share one
 * fate: the first error cancels the rest, and `wait` reports it.
 *
 * Its own folder, as its own Go package. It is built on the folders beside
 * it: a WaitGroup counts the tasks and a Semaphore is the limit.
 *
 * One difference from Go, on purpose: after the first error, `go` calls
 * still waiting for a slot do not start their function (Go's errgroup does
 * start them, golang/go#61611). They resolve to `false`.
 *
 * A goroutine is in the group from its `go()` call until its task settled
 * or was refused, waiting for a slot included: that is what `setLimit`
 * refuses to change the limit under (a semaphore swapped under a waiting
 * call would later be released more than it holds). The group follows its
 * parent signal only while it has goroutines, through one listener removed
 * when the last one leaves, so a group that finished keeps nothing on a
 * long-lived parent (`AbortSignal.any` would: nodejs/node#55351). An abort
 * while the group is idle is picked up when `signal` is next read.
 */
import { signalOf, unwatchAbort, watchAbort, type Abortable } from "../channel/internal.js";
import { Semaphore } from "../semaphore/index.js";
import { WaitGroup } from "../waitgroup/index.js";
import { ModifyLimitWhileActiveError } from "./errors.js";

/**
 * A task of the group: it gets the group's signal, which aborts on the first error.
 *
 * @example
 * ```ts
 * const task: Task = async (signal) => { await fetch(url, { signal }); };
 * ```
 */
export type Task = (signal: AbortSignal) => unknown;

/**
 * A group of tasks with a shared error: Go's `errgroup.WithContext(ctx)`.
 *
 * @example
 * ```ts
 * const g = new ErrGroup();
 * g.setLimit(4);
 * for (const url of urls) await g.go((signal) => fetch(url, { signal }));
 * await g.wait(); // rejects with the first error, after every task settled
 * ```
 */
export class ErrGroup {
  /** The group's signal. */
  readonly #controller = new AbortController();
  /** Aborts the `go` calls waiting for a slot on the first error; made when one first waits. */
  #queued: AbortController | null = null;
  readonly #parent: AbortSignal | undefined;
  /** Forwards the parent's abort while the group has goroutines; null when not following. */
  #following: Abortable | null = null;
  readonly #wg = new WaitGroup();
  #sem: Semaphore | null = null;
  /** Goroutines in the group: from `go()` until their task settled or was refused. */
  #members = 0;
  #failed = false;
  #firstError: unknown;

  /**
   * @param options.signal a parent signal: its abort aborts the group's signal too.
   * @throws TypeError if `options.signal` is not an AbortSignal.
   */
  constructor(options?: { signal?: AbortSignal | undefined }) {
    this.#parent = signalOf(options, "errgroup");
  }

  /** Aborts on the first error (its reason is that error), or when the parent signal aborts: Go's derived `ctx`. */
  get signal(): AbortSignal {
    const parent = this.#parent;
    if (parent !== undefined && parent.aborted) this.#abort(parent.reason); // aborted while the group was idle
    return this.#controller.signal;
  }

  /**
   * Limits how many tasks run at once: Go's `g.SetLimit(n)`. A negative `n`
   * removes the limit.
   *
   * @throws RangeError if `n` is 0 or not an integer (a limit of 0 could only hang).
   * @throws ModifyLimitWhileActiveError Go's `errgroup: modify limit while N goroutines in the
   *   group are still active`, while any `go` call has not finished, including one made
   *   in the same tick and one still waiting for a slot.
   *
   * @example
   * ```ts
   * g.setLimit(8);
   * ```
   */
  setLimit(n: number): void {
    if (!Number.isSafeInteger(n) || n === 0) throw new RangeError(`errgroup: limit must be a non-zero integer, got ${String(n)}`);
    if (this.#members > 0) throw new ModifyLimitWhileActiveError(this.#members);
    this.#sem = n < 0 ? null : new Semaphore(n);
  }

  /**
   * Runs `task` in the group: Go's `g.Go(f)`. With a limit, waits for a free
   * slot first. Resolves to `true` once the task has started, or `false` if
   * the group failed before a slot came free (the task never runs).
   *
   * The task's error is not thrown here: the first one aborts `signal` and is
   * what `wait()` rejects with.
   *
   * @throws TypeError at the call if `task` is not a function.
   *
   * @example
   * ```ts
   * const started = await g.go(async (signal) => { await work(signal); });
   * ```
   */
  go(task: Task): Promise<boolean> {
    if (typeof task !== "function") throw new TypeError(`errgroup: go needs a function, got ${typeof task}`);
    this.#join(); // counted now, so wait() waits for calls still queued for a slot
    if (this.#sem === null) return Promise.resolve(this.#start(task));
    this.#queued ??= new AbortController();
    if (this.#failed) this.#queued.abort(this.#firstError);
    return this.#sem.acquire(1, { signal: this.#queued.signal }).then(
      () => this.#start(task),
      () => {
        this.#leave();
        return false;
      },
    );
  }

  /**
   * Runs `task` only if a slot is free now: Go's `g.TryGo(f)`.
   *
   * @example
   * ```ts
   * if (!g.tryGo(task)) console.log("at the limit");
   * ```
   */
  tryGo(task: Task): boolean {
    if (typeof task !== "function") throw new TypeError(`errgroup: tryGo needs a function, got ${typeof task}`);
    if (this.#sem !== null && !this.#sem.tryAcquire()) return false;
    this.#join();
    return this.#start(task);
  }

  /**
   * Resolves once every task has settled, never earlier; rejects with the
   * first error if any task failed: Go's `g.Wait()`.
   *
   * @example
   * ```ts
   * try { await g.wait(); } catch (firstError) { console.error(firstError); }
   * ```
   */
  async wait(): Promise<void> {
    await this.#wg.wait();
    if (this.#failed) throw this.#firstError;
  }

  #start(task: Task): boolean {
    if (this.#failed) {
      this.#sem?.release();
      this.#leave();
      return false;
    }
    let p: Promise<unknown>;
    try {
      p = Promise.resolve(task(this.signal));
    } catch (e) {
      p = Promise.reject(e);
    }
    void p.then(
      () => this.#finish(),
      (e: unknown) => {
        if (!this.#failed) {
          this.#failed = true;
          this.#firstError = e;
          this.#queued?.abort(e);
          this.#abort(e);
        }
        this.#finish();
      },
    );
    return true;
  }

  #finish(): void {
    this.#sem?.release();
    this.#leave();
  }

  /** A goroutine enters the group; the first one starts following the parent. */
  #join(): void {
    this.#wg.add(1);
    if (this.#members++ > 0 || this.#parent === undefined || this.#controller.signal.aborted) return;
    const parent = this.#parent;
    if (parent.aborted) return this.#abort(parent.reason);
    this.#following = { onAbort: (reason) => ((this.#following = null), this.#abort(reason)) };
    watchAbort(parent, this.#following);
  }

  /** A goroutine leaves the group; with the last one, the group stops following the parent. */
  #leave(): void {
    if (--this.#members === 0) this.#unfollow();
    this.#wg.done();
  }

  /** Aborts the group's signal (first reason wins) and stops following the parent, which can add nothing now. */
  #abort(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    this.#unfollow();
  }

  #unfollow(): void {
    if (this.#following !== null) {
      unwatchAbort(this.#parent!, this.#following);
      this.#following = null;
    }
  }
}
