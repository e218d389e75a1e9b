/**
 * Recording a run: Go's `runtime/trace` (`trace.Start`, `trace.Stop`), for
 * gochan's operations.
 *
 * While a trace records, the channels, selects, WaitGroups, Semaphores,
 * sleeps and pools report to one `Recording` (the recorder slot of
 * src/channel/trace.ts): which task passed a value through which channel,
 * when each task parked and woke, every close, every select's choice, and a
 * pool's queue length and busy workers each time they change. When no trace
 * records, that slot is null and a send or receive pays one test of it.
 *
 * A task is an async call started with {@link go} (or a pool worker, or
 * main under `run()`); Node's AsyncLocalStorage follows it across its
 * awaits. Work not started through one of those belongs to the task that
 * started it (main, in the end). Where there is no AsyncLocalStorage (a
 * browser), everything is main's; the graph still counts values per channel.
 *
 * A thread pool's worker is a lane too, one per thread, and its jobs are
 * drawn from the times the thread measured (they ran there, not here). A
 * value sent into a pool is counted for the task that sent it, even when
 * the send parked and some worker pulled it in later. Lanes of pools are
 * named by pool once a trace holds more than one ("pool 2 worker 1",
 * "pool 3 thread 1").
 *
 * A goroutine started on a thread (gochan/goroutine) gets a lane here too,
 * "worker #3 (thread 1)", or marks the go() task it was started in as on
 * that thread: while a trace records, its thread names the goroutine in
 * every operation it asks of a channel owned here, and the operation runs
 * in that lane. Channels owned by other threads are not seen.
 */
import { brandError, nameOf, parkedNow, setLevel, setRecorder, level, recorder, traceTask, type ParkRecord, type Recorder, type Waiter } from "../channel/internal.js";
import { asyncLocal, type Als } from "./host.js";
import { mermaid } from "./mermaid.js";
import { timelineHtml } from "./html.js";
import { now as clock } from "../kernel/clock.js";

/**
 * A recorded run, as plain data: what {@link Trace.mermaid} and
 * {@link Trace.html} draw, and what `JSON.stringify` saves.
 *
 * @example
 * ```ts
 * const data: TraceData = trace.data;
 * console.log(`${data.tasks.length} tasks, ${data.channels.length} channels in ${data.duration} ms`);
 * ```
 */
export interface TraceData {
  /** Length of the run in ms; every time below is ms since its start. */
  readonly duration: number;
  readonly tasks: ReadonlyArray<{ id: number; name: string; pool?: number | undefined; start: number; end?: number | undefined }>;
  readonly channels: ReadonlyArray<{ id: number; name: string; cap: number; pool?: number | undefined; closed?: number | undefined }>;
  /** Values passed: task to channel (a send) or channel to task (a receive). */
  readonly edges: ReadonlyArray<{ from: string; to: string; count: number }>;
  /** A task's blocked, sleeping, idle (a pool worker waiting for a job) and job spans. */
  readonly spans: ReadonlyArray<{ task: number; kind: "blocked" | "sleep" | "idle" | "job"; from: number; to: number; label: string }>;
  /** Closes and select choices. */
  readonly marks: ReadonlyArray<{ task: number; at: number; kind: "close" | "select"; label: string }>;
  /** Each pool's figures over time: [ms, queued, busy workers]. */
  readonly pools: ReadonlyArray<{ id: number; samples: ReadonlyArray<readonly [number, number, number]> }>;
  /** Events dropped once the recording held `limit` of them. */
  readonly dropped: number;
}

/**
 * Options of {@link startTrace}.
 *
 * @example
 * ```ts
 * const t = startTrace({ limit: 50_000 });
 * ```
 */
export interface TraceOptions {
  /** Most spans and marks kept (each about 100 bytes); later ones are counted, not kept. Default 200,000. */
  limit?: number | undefined;
}

/**
 * A recorded run: its data, its mermaid graph, its HTML timeline.
 *
 * @example
 * ```ts
 * const t = startTrace();
 * await work();
 * const trace = t.stop();
 * console.log(trace.mermaid());
 * writeFileSync("trace.html", trace.html());
 * ```
 */
export class Trace {
  /** @param data what was recorded. */
  constructor(
    /** What was recorded: tasks, spans, channels and edges. */
    readonly data: TraceData,
  ) {}

  /**
   * The graph of what happened, as mermaid text: tasks and channels as
   * nodes, each edge labelled with how many values passed along it.
   *
   * @example
   * ```ts
   * console.log("```mermaid\n" + trace.mermaid() + "\n```"); // paste into a README
   * ```
   */
  mermaid(): string {
    return mermaid(this.data);
  }

  /**
   * A self-contained HTML page: one lane per task, running and blocked
   * spans, close and select markers, zoom and pan; the pools' queue length
   * and busy workers as a chart; the mermaid text at the bottom.
   *
   * @example
   * ```ts
   * writeFileSync("trace.html", trace.html("my run"));
   * ```
   */
  html(title = "gochan trace"): string {
    return timelineHtml(this.data, this.mermaid(), title);
  }
}

/**
 * A trace being recorded: {@link startTrace} returns it, `stop()` ends it.
 *
 * @example
 * ```ts
 * const recording: Tracer = startTrace();
 * const trace = recording.stop();
 * ```
 */
export interface Tracer {
  /**
   * Stops recording and returns what was recorded. Operations still parked
   * show as blocked until the end.
   *
   * @example
   * ```ts
   * const trace = startTrace().stop();
   * ```
   */
  stop(): Trace;
}

/**
 * What {@link startTrace} throws while a trace is already being recorded:
 * one at a time, as Go's `trace.Start` returns an error with this text.
 *
 * @example
 * ```ts
 * const t = startTrace();
 * try { startTrace(); } catch (e) { console.log(e instanceof TracingAlreadyEnabledError); } // true
 * t.stop();
 * ```
 */
export class TracingAlreadyEnabledError extends Error {
  constructor() {
    super("tracing is already enabled");
    this.name = "TracingAlreadyEnabledError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(TracingAlreadyEnabledError, "TracingAlreadyEnabledError");

/**
 * Starts recording a trace: Go's `trace.Start`. One at a time.
 *
 * @throws TracingAlreadyEnabledError if a trace is already being recorded
 *   (stop it first); RangeError for a bad `limit`.
 *
 * @example
 * ```ts
 * const t = startTrace();
 * await go(() => producer(jobs), "producer");
 * const trace = t.stop();
 * console.log(trace.mermaid());
 * ```
 */
export function startTrace(options: TraceOptions = {}): Tracer {
  if (recorder !== null) throw new TracingAlreadyEnabledError();
  const limit = options.limit ?? 200_000;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`startTrace: limit must be a non-negative safe integer, got ${String(limit)}`);
  const before = level();
  const r = new Recording(limit);
  setRecorder(r);
  let stopped: Trace | null = null;
  return {
    stop(): Trace {
      if (stopped !== null) return stopped;
      if (recorder === r) setRecorder(null);
      stopped = new Trace(r.finish());
      if (level() !== before) setLevel(before);
      return stopped;
    },
  };
}

/**
 * Runs `fn` as a goroutine with a name: Go's `go f()`, for the trace. While
 * a trace records, `fn` gets its own lane, named `name`, and the values it
 * passes are counted as its own; when none records, this is just `fn()`.
 * Returns `fn`'s promise, as `WaitGroup.go` does.
 *
 * @example
 * ```ts
 * for (let w = 1; w <= 3; w++) void go(() => worker(w, jobs, results), `worker ${w}`);
 * ```
 */
export function go<T>(fn: () => T | PromiseLike<T>, name = "goroutine"): Promise<Awaited<T>> {
  if (typeof fn !== "function") throw new TypeError(`go: needs a function, got ${typeof fn}`);
  try {
    return Promise.resolve(traceTask(String(name), fn)) as Promise<Awaited<T>>;
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Edge keys: from * EDGE + to, exact while both are below 2^26. */
const EDGE = 2 ** 26;

type Chan = { id: number; name: string; cap: number; pool?: number | undefined; closed?: number | undefined };
/**
 * A task as recorded: `worker` for a pool's worker on this thread, `thread`
 * for one on a thread, `on` for a goroutine on a thread (the lane's name is
 * made at the end).
 */
type Task = { id: number; name: string; pool?: number | undefined; start: number; end?: number | undefined; worker?: number; thread?: number; on?: number };


/** The recorder: gochan's operations call it through the slot in src/channel/trace.ts. */
class Recording implements Recorder {
  readonly #t0 = clock();
  readonly #als: Als<number> | null = asyncLocal<number>();
  readonly #tasks: Task[] = [{ id: 0, name: "main", start: 0 }];
  readonly #chans = new Map<object, Chan>();
  readonly #hidden = new WeakSet<object>();
  readonly #edges = new Map<number, number>();
  /** The task of the waiter that left its queue last. */
  #lastLeft = 0;
  /** Spans; a wait's label is made from its record at the end, not per wait. */
  readonly #spans: Array<{ task: number; kind: "blocked" | "sleep" | "idle" | "job"; from: number; to: number; label: string | ParkRecord }> = [];
  readonly #marks: Array<{ task: number; at: number; kind: "close" | "select"; label: string }> = [];
  readonly #pools = new Map<object, { id: number; samples: Array<[number, number, number]>; threads: boolean }>();
  /** Each thread's lane, by "pool:worker". */
  readonly #lanes = new Map<string, number>();
  /** A pool's jobs channel and its hidden twin (submits with a priority): a value is counted when it is queued, for its sender. */
  readonly #intakes = new WeakSet<object>();
  /** The task whose parked send on an intake was just taken in, or -1: the next "queued" is its. */
  #pulled = -1;
  readonly #jobStart = new Map<number, number>();
  readonly #poolChans = new Map<object, object>();
  /** Goroutines on threads: each one's lane, and whether the lane is its own (else a go() task's it runs in). */
  readonly #goroutines = new Map<number, { lane: number; own: boolean }>();
  /** A lane per goroutine thread, for operations of goroutines started before the trace began. */
  readonly #threadLanes = new Map<number, number>();
  #dropped = 0;

  constructor(private readonly limit: number) {}

  #now(): number {
    return clock() - this.#t0;
  }

  #current(): number {
    return this.#als?.getStore() ?? 0;
  }

  #chan(ch: object): Chan {
    let c = this.#chans.get(ch);
    if (c === undefined) {
      const id = this.#chans.size + 1;
      const cap = (ch as { cap?: number }).cap ?? 0;
      c = { id, name: nameOf(ch) ?? `chan ${id}`, cap };
      this.#chans.set(ch, c);
    }
    return c;
  }

  // Nodes as numbers (a task 2t, a channel 2c+1) and an edge as one number:
  // counting a value is then a Map lookup, with no string built per value.
  #count(from: number, to: number): void {
    const k = from * EDGE + to;
    this.#edges.set(k, (this.#edges.get(k) ?? 0) + 1);
  }

  #room(): boolean {
    if (this.#spans.length + this.#marks.length < this.limit) return true;
    this.#dropped++;
    return false;
  }

  passed(ch: object, dir: "send" | "recv", other: Waiter<unknown> | null): void {
    if (this.#intakes.has(ch)) {
      // A parked send taken in by whoever made room (a worker, a thread's
      // results): its job is queued next, and is the parked sender's.
      if (dir === "recv") this.#pulled = other === null ? -1 : this.#lastLeft;
      return;
    }
    if (this.#hidden.has(ch)) return;
    const c = this.#chan(ch).id * 2 + 1;
    const cur = this.#current() * 2;
    // A parked waiter is completed right after it leaves its queue: `left` has just seen it.
    const them = other === null ? -1 : this.#lastLeft * 2;
    if (dir === "send") {
      this.#count(cur, c);
      if (them >= 0) this.#count(c, them);
    } else {
      this.#count(c, cur);
      if (them >= 0) this.#count(them, c);
    }
  }

  parked(_key: object, rec: ParkRecord): void {
    rec.task = this.#current();
  }

  left(_key: object, rec: ParkRecord): void {
    this.#lastLeft = rec.task;
    if (!this.#room()) return;
    this.#spans.push({ task: rec.task, kind: this.#kind(rec), from: rec.since - this.#t0, to: this.#now(), label: rec });
  }

  #kind(rec: ParkRecord): "blocked" | "sleep" | "idle" {
    if (rec.reason === "sleep") return "sleep";
    return rec.more === null && rec.ch !== null && this.#hidden.has(rec.ch) ? "idle" : "blocked";
  }

  #label(rec: ParkRecord): string {
    if (this.#kind(rec) === "idle") return "idle: waiting for a job";
    const on = rec.on.map(({ ch, dir }) => `${dir === "recv" ? "receive from" : "send to"} ${this.#chan(ch).name}`);
    return on.length === 0 ? rec.reason : `${rec.reason}: ${on.join(", ")}`;
  }

  closed(ch: object): void {
    if (this.#hidden.has(ch) || !this.#room()) return;
    const c = this.#chan(ch);
    c.closed = this.#now();
    this.#marks.push({ task: this.#current(), at: c.closed, kind: "close", label: `close(${c.name})` });
  }

  chose(index: number, ch: object | null, dir: "send" | "recv", group?: object): void {
    if (!this.#room()) return;
    // A parked select commits right after its case left its queue.
    const task = group === undefined ? this.#current() : this.#lastLeft;
    const on = ch === null ? "nil" : `${dir === "recv" ? "receive from" : "send to"} ${this.#hidden.has(ch) ? "pool" : this.#chan(ch).name}`;
    this.#marks.push({ task, at: this.#now(), kind: "select", label: `select chose case ${index}: ${on}` });
  }

  pool(pool: object, event: "new" | "queued" | "begin" | "end", worker: number, queued: number, running: number, extra?: readonly object[]): void {
    const p = this.#pool(pool);
    const tag = this.#pools.size > 1 ? `pool ${p.id} ` : "";
    if (event === "new" && extra !== undefined) {
      const [input, prioritized, work, out] = extra;
      this.#chan(input!).name = nameOf(input!) ?? `${tag}jobs`;
      this.#chan(input!).pool = p.id;
      this.#poolChans.set(pool, input!);
      this.#intakes.add(input!);
      this.#intakes.add(prioritized!);
      this.#hidden.add(prioritized!);
      this.#hidden.add(work!);
      this.#chan(out!).name = nameOf(out!) ?? `${tag}results`;
      this.#chan(out!).pool = p.id;
      return;
    }
    const jobs = this.#poolChans.get(pool);
    const cur = this.#current();
    if (event === "queued") {
      const sender = this.#pulled >= 0 ? this.#pulled : cur;
      this.#pulled = -1;
      if (jobs !== undefined) this.#count(sender * 2, this.#chan(jobs).id * 2 + 1);
    }
    // A thread pool's "begin" and "end" say only that a thread has jobs or
    // has none, in whatever task made it so: its jobs come by threadJob.
    if (event === "begin" && !p.threads) {
      if (jobs !== undefined) this.#count(this.#chan(jobs).id * 2 + 1, cur * 2);
      this.#jobStart.set(cur, this.#now());
      const t = this.#tasks[cur];
      if (t !== undefined && cur !== 0) {
        t.pool = p.id;
        t.worker = worker;
      }
    }
    if (event === "end" && !p.threads) {
      const from = this.#jobStart.get(cur);
      this.#jobStart.delete(cur);
      if (from !== undefined && this.#room()) this.#spans.push({ task: cur, kind: "job", from, to: this.#now(), label: `job (worker ${worker})` });
    }
    if (p.samples.length < this.limit) p.samples.push([this.#now(), queued, running]);
  }

  #pool(pool: object): { id: number; samples: Array<[number, number, number]>; threads: boolean } {
    let p = this.#pools.get(pool);
    if (p === undefined) {
      p = { id: this.#pools.size + 1, samples: [], threads: false };
      this.#pools.set(pool, p);
    }
    return p;
  }

  thread(pool: object, worker: number): void {
    const p = this.#pool(pool);
    p.threads = true;
    const cur = this.#current();
    if (cur === 0) return; // not in a lane of its own (no AsyncLocalStorage): threadJob makes one
    const t = this.#tasks[cur]!;
    t.pool = p.id;
    t.thread = worker;
    this.#lanes.set(`${p.id}:${worker}`, cur);
  }

  threadJob(pool: object, worker: number, from: number, to: number): void {
    const p = this.#pool(pool);
    p.threads = true;
    const key = `${p.id}:${worker}`;
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      // The pool was made before the trace began: its thread gets a lane now.
      lane = this.#tasks.length;
      this.#tasks.push({ id: lane, name: `pool thread ${worker}`, pool: p.id, start: Math.max(0, from - this.#t0), thread: worker });
      this.#lanes.set(key, lane);
    }
    const jobs = this.#poolChans.get(pool);
    if (jobs !== undefined) this.#count(this.#chan(jobs).id * 2 + 1, lane * 2);
    if (this.#room()) this.#spans.push({ task: lane, kind: "job", from: from - this.#t0, to: to - this.#t0, label: `job (thread ${worker})` });
  }

  goroutine(gid: number, thread: number, name: string): void {
    let lane = this.#current();
    const own = lane === 0;
    if (own) {
      lane = this.#tasks.length;
      this.#tasks.push({ id: lane, name: `${name} #${gid}`, start: this.#now() });
    }
    this.#tasks[lane]!.on = thread;
    this.#goroutines.set(gid, { lane, own });
  }

  goroutineEnded(gid: number): void {
    const g = this.#goroutines.get(gid);
    if (g?.own) this.#tasks[g.lane]!.end = this.#now();
  }

  inGoroutine<T>(thread: number, gid: number | undefined, fn: () => T): T {
    if (this.#als === null) return fn();
    let lane = gid === undefined ? undefined : this.#goroutines.get(gid)?.lane;
    if (lane === undefined) {
      if (thread < 1) return fn();
      lane = this.#threadLanes.get(thread);
      if (lane === undefined) {
        lane = this.#tasks.length;
        this.#tasks.push({ id: lane, name: `goroutines`, start: this.#now(), on: thread });
        this.#threadLanes.set(thread, lane);
      }
    }
    return this.#als.run(lane, fn);
  }

  task<T>(name: string, fn: () => T): T {
    if (this.#als === null) return fn();
    const id = this.#tasks.length;
    const t: { id: number; name: string; start: number; end?: number } = { id, name, start: this.#now() };
    this.#tasks.push(t);
    const r = this.#als.run(id, fn);
    const end = (): void => {
      t.end = this.#now();
    };
    if (r !== null && typeof r === "object" && typeof (r as { then?: unknown }).then === "function") {
      (r as unknown as Promise<unknown>).then(end, end);
    } else end();
    return r;
  }

  /** A task as the trace shows it: a pool's lanes named by pool when there are several. */
  #named({ worker, thread, on, ...t }: Task): TraceData["tasks"][number] {
    if (on !== undefined) return { ...t, name: `${t.name} (thread ${on})` };
    const tag = this.#pools.size > 1 ? `pool ${t.pool} ` : "pool ";
    if (thread !== undefined) return { ...t, name: `${tag}thread ${thread}` };
    if (worker !== undefined && t.name === `pool worker ${worker}`) return { ...t, name: `${tag}worker ${worker}` };
    return t;
  }

  finish(): TraceData {
    const duration = this.#now();
    // What is still parked stays blocked to the end of the trace.
    const spans = this.#spans.map((x) => (typeof x.label === "string" ? x : { ...x, label: this.#label(x.label) })) as Array<TraceData["spans"][number]>;
    for (const [, rec] of parkedNow()) {
      if (rec.since < this.#t0) continue; // parked before the trace began, and never seen by it
      spans.push({ task: rec.task, kind: this.#kind(rec), from: rec.since - this.#t0, to: duration, label: `${this.#label(rec)} (still blocked)` });
    }
    const node = (n: number) => (n % 2 === 0 ? `t${n / 2}` : `c${(n - 1) / 2}`);
    const edges = [...this.#edges].map(([k, count]) => ({ from: node(Math.floor(k / EDGE)), to: node(k % EDGE), count }));
    // Microseconds are plenty for a picture, and keep the embedded JSON short.
    const us = (ms: number) => Math.round(ms * 1000) / 1000;
    for (const x of spans) {
      x.from = us(x.from);
      x.to = us(x.to);
    }
    return {
      duration,
      tasks: this.#tasks.map((t) => this.#named(t)),
      channels: [...this.#chans.values()].map((c) => ({ ...c })),
      edges,
      spans,
      marks: [...this.#marks],
      pools: [...this.#pools.values()].map((p) => ({ id: p.id, samples: p.samples })),
      dropped: this.#dropped,
    };
  }
}
