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
 */
import { signalOf } from "../channel/internal.js";
import { Semaphore } from "../semaphore/index.js";
import { WaitGroup } from "../waitgroup/index.js";

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
  /** Aborts on the first error (its reason is that error), or when the parent signal aborts: Go's derived `ctx`. */
  readonly signal: AbortSignal;

  private readonly controller = new AbortController();
  private readonly wg = new WaitGroup();
  private sem: Semaphore | null = null;
  private active = 0;
  private failed = false;
  private firstError: unknown;

  /** @param options.signal a parent signal: its abort aborts the group's signal too. */
  constructor(options?: { signal?: AbortSignal | undefined }) {
    const parent = signalOf(options, "errgroup");
    this.signal = parent === undefined ? this.controller.signal : AbortSignal.any([parent, this.controller.signal]);
  }

  /**
   * Limits how many tasks run at once: Go's `g.SetLimit(n)`. A negative `n`
   * removes the limit.
   *
   * @throws RangeError if `n` is 0 or not an integer (a limit of 0 could only hang).
   * @throws Error Go's `errgroup: modify limit while N goroutines in the group are still active`.
   *
   * @example
   * ```ts
   * g.setLimit(8);
   * ```
   */
  setLimit(n: number): void {
    if (!Number.isSafeInteger(n) || n === 0) throw new RangeError(`errgroup: limit must be a non-zero integer, got ${String(n)}`);
    if (this.active > 0) {
      throw new Error(`errgroup: modify limit while ${this.active} goroutines in the group are still active`);
    }
    this.sem = n < 0 ? null : new Semaphore(n);
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
    this.wg.add(1); // counted now, so wait() waits for calls still queued for a slot
    if (this.sem === null) return Promise.resolve(this.start(task));
    return this.sem.acquire(1, { signal: this.controller.signal }).then(
      () => this.start(task),
      () => {
        this.wg.done();
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
    if (this.sem !== null && !this.sem.tryAcquire()) return false;
    this.wg.add(1);
    return this.start(task);
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
    await this.wg.wait();
    if (this.failed) throw this.firstError;
  }

  private start(task: Task): boolean {
    if (this.failed) {
      this.sem?.release();
      this.wg.done();
      return false;
    }
    this.active++;
    let p: Promise<unknown>;
    try {
      p = Promise.resolve(task(this.signal));
    } catch (e) {
      p = Promise.reject(e);
    }
    void p.then(
      () => this.finish(),
      (e: unknown) => {
        if (!this.failed) {
          this.failed = true;
          this.firstError = e;
          this.controller.abort(e);
        }
        this.finish();
      },
    );
    return true;
  }

  private finish(): void {
    this.active--;
    this.sem?.release();
    this.wg.done();
  }
}
