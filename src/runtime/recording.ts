/**
 * The recorder a trace installs: what it does with each report gochan's
 * operations make while a trace records, and how it turns them into a
 * {@link TraceData} at the end.
 *
 * Its own file because it is the half of tracing that runs on every
 * operation: trace.ts is what a user calls (startTrace, stop, go), this is
 * what the channels, selects, sleeps and pools call, through the recorder
 * slot of src/kernel/trace.ts. So it is written to be cheap per value: a
 * task and a channel are numbers, an edge is one number and a Map lookup,
 * and a wait's label is built from its record only at the end.
 *
 * Lanes: a task started with `go()` (or a pool worker, or main) is one,
 * found through AsyncLocalStorage; without it, everything is main's. A
 * thread pool's thread is a lane, its jobs drawn from the times the thread
 * measured (they ran there, not here); a value sent into a pool counts for
 * the task that sent it, even when the send parked and a worker pulled it
 * in later. Lanes of pools are named by pool once a trace holds more than
 * one ("pool 2 worker 1", "pool 3 thread 1"). A goroutine on a thread
 * (gochan/goroutine) gets a lane of its own, "worker #3 (thread 1)", or
 * marks the go() task it was started in as on that thread: its thread
 * names it in every operation it asks of a channel owned here, and the
 * operation runs in that lane.
 */
import { nameOf, parkedNow, type ParkRecord, type Recorder, type Waiter } from "../channel/internal.js";
import { asyncLocal, type Als } from "./host.js";
import { now as clock } from "../kernel/clock.js";
import type { TraceData } from "./trace.js";

/** Edge keys: from * EDGE + to, exact while both are below 2^26. */
const EDGE = 2 ** 26;

type Chan = { id: number; name: string; cap: number; pool?: number | undefined; closed?: number | undefined };
/**
 * A task as recorded: `worker` for a pool's worker on this thread, `thread`
 * for one on a thread, `on` for a goroutine on a thread (the lane's name is
 * made at the end).
 */
type Task = { id: number; name: string; pool?: number | undefined; start: number; end?: number | undefined; worker?: number; thread?: number; on?: number };

/** The recorder: gochan's operations call it through the slot in src/kernel/trace.ts. */
export class Recording implements Recorder {
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
