/**
 * The executor for a handler given as a module: each worker is a thread
 * (src/threads/) running the module's handler. The queue, priorities,
 * ordering and stats stay on this thread, in the pool; a thread only runs
 * handlers.
 *
 * Speed comes from keeping a thread fed: several jobs go to it ahead (its
 * window), in one message, so that it never waits for the next one, and its
 * results come back in batches. The window adapts to the jobs: about 2 ms of
 * work ahead (so slow jobs stay evenly spread), up to `thread.inflight`
 * (256) tiny ones, and 1 under a timeout (so a deadline counts from the
 * job's start) or where the platform has no shared memory. A window slot is free again only once the result has
 * been reported, so a full `results` channel holds the threads back.
 *
 * A thread that dies is replaced. Its shared `started` cell says which job
 * it was running: that one fails with a ThreadExitError. The others it held
 * are sent again, ahead of the pool's queue: those it had not begun, and
 * those it had finished whose results died with it (so those run twice). A
 * handler that overruns its deadline (or a cancel) by more than `grace` has
 * its thread terminated.
 *
 * What the threads run, and how one is started, is threadcode.ts's.
 */
import { decodeError, encodeError, ThreadExitError } from "../threads/errors.js";
import { DROPPED, OK, type FromThread } from "../threads/wire.js";
import type { Queued } from "./queue.js";
import { leastLoaded, roomiest, Slot, type Sent } from "./slot.js";
import { JobTimeoutError, type Result } from "./result.js";
import { STOP, type Feed, type Executor } from "./executor.js";
import type { ThreadOptions } from "./types.js";
import { ThreadCode } from "./threadcode.js";
import { clearLongTimeout, setLongTimeout } from "../time/timeout.js";
import { recorder } from "../channel/internal.js";
import { now as clock } from "../kernel/clock.js";

/** A thread's job start (its `timeOrigin + now()`) minus this is the time on `clock` (wire.ts). */
const origin = typeof performance !== "undefined" ? performance.timeOrigin : 0;
const MAX_INFLIGHT = 256;

export interface ThreadedOptions {
  timeout: number | undefined;
  grace: number;
  thread: ThreadOptions;
}

export class Threaded<J, R> implements Executor {
  private readonly slots = new Map<number, Slot<J>>();
  private readonly code: ThreadCode;
  private readonly maxInflight: number;
  private scheduled = false;
  /** Jobs a dead thread held and had not begun (or whose results died with it): they go out before the queue's. */
  private readonly retry: Array<Queued<J>> = [];
  /** The module could not be loaded: every job fails with this. */
  private broken: unknown = undefined;
  private isBroken = false;

  constructor(
    private readonly feed: Feed<J, R>,
    /** The handler module, or the app's own start function (`threads()`). */
    module: URL | (() => object),
    private readonly options: ThreadedOptions,
  ) {
    this.code = new ThreadCode(module, options.thread);
    const inflight = options.thread.inflight ?? MAX_INFLIGHT;
    if (!Number.isSafeInteger(inflight) || inflight < 1) throw new RangeError(`pool: thread.inflight must be an integer ≥ 1, got ${String(inflight)}`);
    this.maxInflight = options.timeout !== undefined || typeof SharedArrayBuffer !== "function" ? 1 : inflight;
  }

  start(id: number): Promise<void> {
    // Called in the task that stands for this worker: a trace draws its thread's jobs on that lane.
    if (recorder !== null) recorder.thread?.(this.feed.pool, id);
    return new Promise<void>((resolve) => {
      const slot = new Slot<J>(id, this.maxInflight, resolve);
      const go = (): void => {
        try {
          this.launch(slot);
        } catch (e) {
          // The platform refused the thread (bad execArgv, no Worker at all),
          // or the app's start function threw: as with a module that cannot
          // load, every job fails with why.
          this.fail(this.code.startError(e));
          resolve();
          return;
        }
        this.slots.set(id, slot);
        this.wake();
      };
      const prepared = this.code.prepared;
      if (prepared === null) go();
      else void prepared.then(go);
    });
  }

  wake(): void {
    if (this.scheduled || !this.fillable()) return;
    this.scheduled = true;
    queueMicrotask(this.fill);
  }

  /**
   * Whether `fill` would do anything now: a thread can take jobs, or slots
   * are to end. While every thread is busy it would not (they are topped up
   * as their results come back), and each job sent would otherwise cost a
   * microtask and a `fill` for nothing. Whatever makes room calls `wake`.
   */
  private fillable(): boolean {
    if (this.isBroken || this.feed.drained || roomiest(this.slots.values()) !== undefined) return true;
    for (const slot of this.slots.values()) if (slot.retiring && !slot.ended) return true;
    return false;
  }

  abort(reason: unknown): void {
    const wire = encodeError(reason);
    for (const slot of this.slots.values()) {
      if (slot.inflight.size === 0) continue;
      for (const s of slot.inflight.values()) s.aborted = true;
      slot.thread.post({ t: "abort", id: -1, reason: wire });
      this.graceFor(slot);
    }
  }

  private launch(slot: Slot<J>): void {
    slot.ready = false; // a new thread: not loaded yet (the jobs' measured pace carries over)
    slot.started = this.maxInflight > 1 ? new Int32Array(new SharedArrayBuffer(4)) : null;
    if (slot.started !== null) slot.started[0] = -1;
    slot.thread = this.code.spawn(slot.id, slot.started, {
      message: (m) => this.onMessage(slot, m),
      exit: (e) => this.lost(slot, e, false),
    });
    slot.thread.keepAlive(false);
  }

  /** Hands queued jobs to threads with room, most room first; ends the slots that are done. */
  private readonly fill = (): void => {
    const feed = this.feed;
    for (;;) {
      const slot = roomiest(this.slots.values());
      if (slot === undefined && !this.isBroken) break;
      const item = this.next();
      if (item === undefined) break;
      if (item === STOP) {
        this.retireOne();
        continue;
      }
      if (feed.cancelled) {
        void feed.report(item.seq, { status: "cancelled", job: item.job, error: feed.reason, worker: undefined, duration: 0 });
        continue;
      }
      if (this.isBroken) {
        void feed.report(item.seq, { status: "failed", job: item.job, error: this.broken, worker: slot?.id ?? 0, duration: 0 });
        continue;
      }
      this.dispatch(slot!, item);
    }
    for (const slot of this.slots.values()) {
      if (slot.pending) this.flush(slot);
      if (slot.load === 0 && (slot.retiring || this.done)) this.finish(slot);
    }
    this.scheduled = false;
  };

  /** Refills a thread whose results just came back, so that it never waits for its next jobs. */
  private topUp(slot: Slot<J>): void {
    if (slot.retiring || slot.ended || this.feed.cancelled || this.isBroken) return;
    for (let n = slot.room(true); n > 0; n--) {
      const item = this.next();
      if (item === undefined) break;
      if (item === STOP) {
        this.retireOne();
        if (slot.retiring) break;
        continue;
      }
      this.dispatch(slot, item);
    }
    if (slot.pending) this.flush(slot);
  }

  /** The next job: a retry first, then the pool's queue. */
  private next(): ReturnType<Feed<J, R>["take"]> {
    return this.retry.length > 0 ? this.retry.shift() : this.feed.take();
  }

  /** No job can come any more: the pool's queue is closed and empty, and nothing waits for a retry. */
  private get done(): boolean {
    return this.feed.drained && this.retry.length === 0;
  }

  /** The pool shrank by one: the least loaded thread ends once its jobs are done. */
  private retireOne(): void {
    const pick = leastLoaded(this.slots.values());
    if (pick !== undefined) pick.retiring = true;
  }

  private dispatch(slot: Slot<J>, q: Queued<J>): void {
    if (slot.load === 0) this.busy(slot, true);
    slot.add(q);
  }

  private flush(slot: Slot<J>): void {
    const b = slot.takeBatch();
    try {
      slot.thread.post({ t: "jobs", first: b.sent[0]!.id, jobs: b.jobs }, b.moves);
    } catch {
      // Some job cannot be cloned: send them one by one, and fail the ones that cannot go.
      for (let i = 0; i < b.sent.length; i++) {
        const s = b.sent[i]!;
        try {
          slot.thread.post({ t: "jobs", first: s.id, jobs: [s.q.job] }, b.lists[i] ?? []);
        } catch (e) {
          slot.inflight.delete(s.id);
          const error = new TypeError(`pool: the job could not be sent to its thread: ${(e as Error).message}`, { cause: e });
          this.settle(slot, s, { status: "failed", job: s.q.job, error, worker: slot.id, duration: 0 });
        }
      }
    }
    if (this.options.timeout !== undefined && slot.ready) for (const s of b.sent) this.arm(slot, s);
  }

  /** Starts a job's deadline (window 1: it starts now, or when its thread is ready). */
  private arm(slot: Slot<J>, s: Sent<J>): void {
    if (s.timer !== undefined || !slot.inflight.has(s.id)) return;
    const timeout = this.options.timeout!;
    s.start = clock();
    s.timer = setLongTimeout(() => {
      if (!slot.inflight.has(s.id) || s.reported) return;
      s.reported = true;
      const error = new JobTimeoutError(timeout);
      this.feed.overdue(1);
      this.settle(slot, s, { status: "timeout", job: s.q.job, error, worker: slot.id, duration: clock() - s.start }, true);
      slot.thread.post({ t: "abort", id: s.id, reason: encodeError(error) });
      this.graceFor(slot);
    }, timeout);
  }

  private graceFor(slot: Slot<J>): void {
    if (slot.grace !== undefined) return;
    const thread = slot.thread;
    slot.grace = setLongTimeout(() => {
      slot.grace = undefined;
      if (slot.thread !== thread || slot.inflight.size === 0) return;
      void thread.terminate();
      this.feed.killed();
      this.lost(slot, new ThreadExitError(`thread terminated: its handler ran on ${this.options.grace} ms past its deadline or the pool's cancel`, undefined), true);
    }, this.options.grace);
  }

  private onMessage(slot: Slot<J>, m: FromThread): void {
    switch (m.t) {
      case "ready":
        slot.ready = true;
        if (this.options.timeout !== undefined) for (const s of slot.inflight.values()) this.arm(slot, s);
        return;
      case "fatal":
        this.fail(this.code.loadError(decodeError(m.error), false));
        return;
      case "results":
        for (let i = 0; i < m.values.length; i++) {
          const s = slot.inflight.get(m.first + i);
          if (s === undefined) continue;
          slot.inflight.delete(s.id);
          if (s.timer !== undefined) clearLongTimeout(s.timer);
          const d = m.durations[i]!;
          this.feed.book(0, slot.id, d);
          if (recorder !== null) recorder.threadJob?.(this.feed.pool, slot.id, m.starts[i]! - origin, m.starts[i]! - origin + d);
          slot.measured(d);
          if (s.reported) {
            this.feed.overdue(-1); // an overdue handler settled: its slot is free
            continue;
          }
          const code = m.codes === null ? OK : m.codes[i];
          const job = s.q.job;
          const timeout = this.options.timeout;
          let result: Result<J, R>;
          if (code === DROPPED) result = { status: "cancelled", job, error: this.feed.reason, worker: undefined, duration: 0 };
          else if (timeout !== undefined && d > timeout) result = { status: "timeout", job, error: new JobTimeoutError(timeout), worker: slot.id, duration: d };
          else if (code === OK) result = { status: "done", job, value: m.values[i] as R, worker: slot.id, duration: d };
          else result = this.failure(slot, s, decodeError(m.values[i]), d);
          this.settle(slot, s, result);
        }
        if (slot.inflight.size === 0 && slot.grace !== undefined) {
          clearLongTimeout(slot.grace);
          slot.grace = undefined;
        }
        this.topUp(slot);
        this.idleCheck(slot);
        this.wake();
        return;
    }
  }

  /** Reports a job's result; its window slot is free once `results` has taken it. */
  private settle(slot: Slot<J>, s: Sent<J>, result: Result<J, R>, stillRunning = false): void {
    const taken = this.feed.report(s.q.seq, result);
    if (taken === null || stillRunning) return;
    slot.reporting++;
    void taken.then(() => {
      slot.reporting--;
      this.idleCheck(slot);
      this.wake();
    });
  }

  private idleCheck(slot: Slot<J>): void {
    if (slot.load === 0) this.busy(slot, false);
  }

  private busy(slot: Slot<J>, on: boolean): void {
    if (slot.busy === on) return;
    slot.busy = on;
    this.feed.book(on ? 1 : -1, slot.id);
    slot.thread.keepAlive(on);
  }

  private failure(slot: Slot<J>, s: Sent<J>, error: unknown, duration: number): Result<J, R> {
    return this.feed.cancelled && s.aborted
      ? { status: "cancelled", job: s.q.job, error, worker: slot.id, duration }
      : { status: "failed", job: s.q.job, error, worker: slot.id, duration };
  }

  /**
   * A thread ended under its jobs (it died, or was killed): settle each by
   * what the thread had done with it, then start a new thread for the slot.
   */
  private lost(slot: Slot<J>, error: ThreadExitError, killed: boolean): void {
    if (slot.grace !== undefined) clearLongTimeout(slot.grace);
    slot.grace = undefined;
    if (!slot.ready && !killed) {
      // It never loaded: a new thread would fail the same way.
      this.fail(this.code.loadError(error, true));
      return;
    }
    const first = slot.inflight.values().next().value as Sent<J> | undefined;
    const running = slot.started !== null ? Atomics.load(slot.started, 0) : (first?.id ?? -1);
    for (const s of [...slot.inflight.values()]) {
      slot.inflight.delete(s.id);
      if (s.timer !== undefined) clearLongTimeout(s.timer);
      if (s.reported) {
        this.feed.overdue(-1);
        continue;
      }
      if (s.id !== running) {
        // Never started, or finished with its result still in the dead
        // thread's outbox: it runs again elsewhere (so a job that had
        // finished may run twice; only the running one fails). Not back
        // into the pool's queue, which may have closed meanwhile.
        if (this.feed.cancelled) this.settle(slot, s, { status: "cancelled", job: s.q.job, error: this.feed.reason, worker: undefined, duration: 0 });
        else this.retry.push(s.q);
        continue;
      }
      this.settle(slot, s, this.failure(slot, s, error, 0));
    }
    this.idleCheck(slot);
    if (slot.retiring || this.done) this.finish(slot);
    else {
      try {
        this.launch(slot);
      } catch (e) {
        this.fail(e);
      }
    }
    this.wake();
  }

  /** The handler module cannot run here: fail what threads hold and everything that comes. */
  private fail(error: unknown): void {
    if (!this.isBroken) {
      this.isBroken = true;
      this.broken = error;
    }
    for (const slot of this.slots.values()) {
      for (const s of [...slot.inflight.values()]) {
        slot.inflight.delete(s.id);
        if (s.timer !== undefined) clearLongTimeout(s.timer);
        if (s.reported) this.feed.overdue(-1);
        else this.settle(slot, s, { status: "failed", job: s.q.job, error: this.broken, worker: slot.id, duration: 0 });
      }
      this.idleCheck(slot);
      void slot.thread.terminate();
    }
    this.wake();
  }

  private finish(slot: Slot<J>): void {
    if (slot.ended) return;
    slot.ended = true;
    this.slots.delete(slot.id);
    if (slot.grace !== undefined) clearLongTimeout(slot.grace);
    void slot.thread.stop(1000).then(slot.end, slot.end);
  }
}
