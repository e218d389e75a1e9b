/**
 * The hooks every parked operation of gochan reports through (D2), and the
 * registry behind them: what Go's runtime keeps for its goroutine dump.
 *
 * Go stops a program whose goroutines are all blocked with "all goroutines
 * are asleep - deadlock!"; Node just exits with promises that never settle.
 * So while diagnostics are on, every operation that parks is recorded here:
 * a channel's send and receive (and `for await` step) by its wait queue, a
 * select once for all its cases, and anything else that parks (the kernel's
 * wait list, sleep) through {@link traceWait}. Reading the registry
 * (`blocked()`, call sites, the deadlock report) is `gochan/runtime`'s
 * (src/runtime/blocked.ts); the core only writes it.
 *
 * Three levels, because a call site is the expensive part:
 * - off (the default): one test of `parked !== null` per park and per wake;
 * - on without call sites (what `run()` turns on): a small record per park;
 * - on with call sites (`traceBlocked()`, or `GOCHAN_DEBUG=1`): the record
 *   also keeps an `Error`, whose stack V8 formats only if someone reads it.
 *
 * The trace recorder of `gochan/runtime` plugs in through `recorder`; it is
 * null unless a trace is being recorded, and that null test is the only
 * thing a send or receive pays for it.
 *
 * Channel names live in a WeakMap, not in the channel: an idle channel stays
 * as small as it was, and an unnamed one costs nothing at all.
 */
import { now } from "./clock.js";
/**
 * What the hooks see of a parked channel operation (a channel's waiter):
 * the select it is one case of, if any, and its place among the cases.
 * Structural, so the kernel imports nothing of the channel above it.
 */
export interface ParkedOp {
  readonly group: object | null;
  readonly order: number;
  /** The thread whose goroutine parked it, when not this one (src/goroutine/host.ts). */
  readonly thread?: number;
}

/**
 * What an operation waits for, in the words of Go's goroutine dump where
 * Go has them: `"chan receive"`, `"chan send"`, `"select"`, and for the
 * other parking operations `"WaitGroup.wait"`, `"semaphore acquire"`,
 * `"mutex lock"`, `"sleep"` (or whatever a future one passes to
 * `traceWait`, the hook in src/kernel/trace.ts).
 *
 * @example
 * ```ts
 * const r: WaitReason = "chan receive";
 * ```
 */
export type WaitReason =
  | "chan receive"
  | "chan send"
  | "select"
  | "WaitGroup.wait"
  | "semaphore acquire"
  | "mutex lock"
  | "sleep"
  | (string & {});

/**
 * What is kept per parked operation: one object (the public record is built
 * only when asked for). A plain send or receive, the common case, keeps its
 * channel in `ch`; only a select allocates the list `more` for its other cases.
 * @internal
 */
export class ParkRecord {
  ch: NamedChannel | null = null;
  dir: "send" | "recv" = "recv";
  more: Array<{ ch: NamedChannel; dir: "send" | "recv"; order: number }> | null = null;
  /** The first case's place in its select (cases park in a random order). */
  order = 0;
  readonly since = now();
  readonly site: Error | undefined = withSites ? site() : undefined;
  /** The task that parked, when a trace records (it sets this). */
  task = 0;
  /** The thread whose goroutine parked it: 0 for this one's own, else another's (goroutines on threads). */
  thread = 0;

  constructor(
    readonly reason: WaitReason,
    /** The detail a non-channel wait passed (a Semaphore, a WaitGroup). */
    readonly what: object | undefined,
  ) {}

  /** Every channel it waits on, with the side it waits on. */
  get on(): Array<{ ch: NamedChannel; dir: "send" | "recv" }> {
    if (this.ch === null) return [];
    const first = { ch: this.ch, dir: this.dir, order: this.order };
    if (this.more === null) return [first];
    return [first, ...this.more].sort((a, b) => a.order - b.order).map(({ ch, dir }) => ({ ch, dir }));
  }

  add(ch: NamedChannel, dir: "send" | "recv", order = 0): void {
    if (this.ch === null) {
      this.ch = ch;
      this.dir = dir;
      this.order = order;
    } else (this.more ??= []).push({ ch, dir, order });
  }
}

/** What a channel exposes to a report; the queue's owner is one. */
interface NamedChannel {
  readonly cap: number;
  readonly len: number;
}

/** The trace recorder's side of the hooks (gochan/runtime implements it). @internal */
export interface Recorder {
  /**
   * A value passed through `ch`: sent by the running task or the parked waiter `other`, or received.
   * `value` is the value that moved (sent, or received); a recorder may ignore it.
   */
  passed(ch: object, dir: "send" | "recv", other: ParkedOp | null, value?: unknown): void;
  /** Something parked: `key` is its waiter or token; the current task is the one blocked. */
  parked(key: object, rec: ParkRecord, w: ParkedOp | null): void;
  /** Something parked has left: completed or withdrawn. */
  left(key: object, rec: ParkRecord): void;
  closed(ch: object): void;
  /**
   * A channel was made (its constructor, once it is named): a picture can
   * show a channel before its first operation, as Go's `make` makes it.
   * Optional; one null test per channel made when no trace records.
   */
  made?(ch: object): void;
  /** A select chose case `index`, on `ch`; `group` is the parked select it commits, if it had parked. */
  chose(index: number, ch: object | null, dir: "send" | "recv", group?: object): void;
  /** A pool's figures changed: `event` says how, `worker` which worker when it is a job's start or end. */
  pool(pool: object, event: "new" | "queued" | "begin" | "end", worker: number, queued: number, running: number, extra?: readonly object[]): void;
  /** Runs `fn` as a task named `name` (its own lane). */
  task<T>(name: string, fn: () => T): T;
  /** Worker `worker` of `pool` is a thread; called in the task that stands for it (its lane). */
  thread?(pool: object, worker: number): void;
  /** A job ran on thread `worker` of `pool`, from `from` to `to` (ms, on this thread's `performance.now()`). */
  threadJob?(pool: object, worker: number, from: number, to: number): void;
  /** Goroutine `gid` (export `name`) started on thread `thread`: it gets a lane, or marks the running task's lane as on that thread. */
  goroutine?(gid: number, thread: number, name: string): void;
  /** Goroutine `gid` returned or threw. */
  goroutineEnded?(gid: number): void;
  /** Runs `fn`, an operation goroutine `gid` of thread `thread` asked of a channel here, in that goroutine's lane (the thread's, when `gid` is unknown). */
  inGoroutine?<T>(thread: number, gid: number | undefined, fn: () => T): T;
}

/**
 * The recorder of the trace being recorded, or null: what the channel's hot
 * paths test, once per completed operation. @internal
 */
export let recorder: Recorder | null = null;

/** Installs (or, with null, removes) the trace recorder. @internal */
export function setRecorder(r: Recorder | null): void {
  recorder = r;
  if (r !== null && parked === null) setLevel(1);
}

/** Runs `fn` as a task with its own lane in a trace; just calls it when no trace is recorded. @internal */
export function traceTask<T>(name: string, fn: () => T): T {
  return recorder === null ? fn() : recorder.task(name, fn);
}

/**
 * Told of every Pool made while a leak check watches (gochan/testing), so
 * that one still running at the end of a test is reported; null otherwise,
 * and that null test is all a Pool's constructor pays. @internal
 */
export let onPool: ((pool: { settled(): Promise<void> }) => void) | null = null;

/** Installs (or, with null, removes) {@link onPool}. @internal */
export function setOnPool(f: typeof onPool): void {
  onPool = f;
}

let parked: Map<object, ParkRecord> | null = null;
let withSites = false;
/** Parks and wakes seen so far: how a watchdog tells a stuck program from a busy one. @internal */
export let activity = 0;

/** 0 off, 1 on without call sites, 2 with call sites. @internal */
export function setLevel(level: 0 | 1 | 2): void {
  parked = level === 0 ? null : (parked ?? new Map());
  withSites = level === 2;
}

/** The level now (see {@link setLevel}). @internal */
export function level(): 0 | 1 | 2 {
  return parked === null ? 0 : withSites ? 2 : 1;
}

/**
 * The key of what a parked-on object (a WaitGroup, a Semaphore, a Mutex)
 * says of itself in a report: a getter, symbol-keyed so it is no part of
 * the object's public surface; shared by every copy of gochan.
 */
export const DETAIL: unique symbol = Symbol.for("gochan.waitDetail") as never;

/** What is parked now, with its key: what a trace ends with as still blocked. @internal */
export function parkedNow(): Array<[object, ParkRecord]> {
  return parked === null ? [] : [...parked];
}

/** Called by a wait queue when a waiter parks. @internal */
export function traceParked(w: ParkedOp, ch: NamedChannel, dir: "send" | "recv"): void {
  if (parked === null) return;
  activity++;
  // A select's cases share one record: it is one operation, blocked once.
  const group = w.group;
  if (group !== null) {
    let rec = parked.get(group);
    if (rec === undefined) {
      rec = new ParkRecord("select", undefined);
      parked.set(group, rec);
      recorder?.parked(group, rec, w);
    } else recorder?.parked(group, rec, w);
    rec.add(ch, dir, w.order);
    return;
  }
  const rec = new ParkRecord(dir === "recv" ? "chan receive" : "chan send", undefined);
  rec.ch = ch;
  rec.dir = dir;
  rec.thread = w.thread ?? 0;
  parked.set(w, rec);
  recorder?.parked(w, rec, w);
}

/** Called by a wait queue when a waiter leaves it, completed or withdrawn. @internal */
export function traceLeft(w: ParkedOp): void {
  if (parked === null) return;
  activity++;
  const key = w.group ?? w;
  const rec = parked.get(key);
  if (rec === undefined) return;
  parked.delete(key);
  recorder?.left(key, rec);
}

/** Whether recording is on: the queues test this before calling in. @internal */
export function tracing(): boolean {
  return parked !== null;
}

/**
 * The hook for anything that parks outside a channel's queues: call it on
 * the promise of the wait, where it parks, and it is listed by `blocked()`
 * (and so in the deadlock report) until the promise settles. One line, and
 * one test when recording is off. If `what` has a `waitDetail` string
 * getter, the report prints it (a WaitGroup's counter, say):
 *
 * ```ts
 * const p = new Promise<void>((resolve) => this.waiters.push(resolve));
 * return tracing() ? traceWait(p, "mutex lock", this) : p;
 * ```
 *
 * It returns a promise that settles as `p` does, just after the record has
 * left. @internal
 */
export function traceWait<T>(p: Promise<T>, reason: WaitReason, what?: object): Promise<T> {
  if (parked === null) return p;
  const rec = new ParkRecord(reason, what);
  const key = {};
  parked.set(key, rec);
  recorder?.parked(key, rec, null);
  activity++;
  const leave = (): void => {
    activity++;
    if (parked?.delete(key) === true) recorder?.left(key, rec);
  };
  // The caller gets a promise that settles as `p` does, once the record has
  // left: `await` on it never sees a stale entry, and a rejection nobody
  // handles is still reported as unhandled.
  return p.then(
    (v) => {
      leave();
      return v;
    },
    (e: unknown) => {
      leave();
      throw e;
    },
  );
}

// A deeper stack than V8's default 10, so that the caller's frames survive
// dropping gochan's own; set only around the capture.
function site(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 16;
  const e = new Error("parked");
  Error.stackTraceLimit = limit;
  return e;
}


const names = new WeakMap<object, string>();

/** Names a channel for reports and traces. @internal */
export function setName(ch: object, name: string): void {
  names.set(ch, name);
}

/** A channel's name, if it was given one. @internal */
export function nameOf(ch: object): string | undefined {
  return names.get(ch);
}
