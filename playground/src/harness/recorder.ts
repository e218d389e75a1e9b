/**
 * The playground's recorder: it plugs into the library's trace hooks (the
 * `Recorder` slot of src/kernel/trace.ts, as startTrace() does) and writes
 * one event per thing the picture draws: a goroutine started or ended, an
 * operation parked or left, a value passed (with the channel's length
 * after), a close, a select's choice, a line printed. The page replays
 * these events; it never sees the program's objects.
 *
 * The running goroutine is `__pgTask`, which the iframe's prelude carries
 * across every then() (the compile lowers async functions to generators).
 */
import { nameOf, setRecorder, type ParkRecord, type ParkedOp, type Recorder } from "/src/kernel/trace.ts";
import { synctest, now as vnow, wait } from "/src/testing/synctest.ts";
import { EPOCH } from "/src/testing/bubble.ts";
import { BubbleDeadlockError } from "/src/testing/errors.ts";
import { currentBubble } from "/src/testing/hook.ts";
import { deadlockReport } from "/src/runtime/report.ts";
import { DeadlockError } from "/src/runtime/run.ts";

export type Dir = "send" | "recv";
export type Ev =
  | { k: "go"; t: number; task: number; name: string; parent: number }
  | { k: "end"; t: number; task: number }
  | { k: "chan"; t: number; ch: number; name: string; cap: number }
  | { k: "park"; t: number; task: number; key: number; reason: string; on: Array<{ ch: number; dir: Dir }> }
  | { k: "leave"; t: number; key: number }
  | { k: "pass"; t: number; task: number; ch: number; dir: Dir; other: number | null; value?: string; refill?: string }
  | { k: "len"; t: number; ch: number; len: number }
  | { k: "close"; t: number; task: number; ch: number }
  | { k: "select"; t: number; task: number; index: number; ch: number | null; dir: Dir }
  | { k: "out"; t: number; task: number; stream: "stdout" | "stderr"; text: string }
  | { k: "exit"; t: number; outcome: "ok" | "deadlock" | "panic"; error?: string; stack?: string };

interface Host {
  virtual: boolean;
  events: Ev[];
  done(): void;
}

declare const globalThis: { __pg: Host; __pgTask: number; console: Console; addEventListener(t: string, f: (e: { reason: unknown; preventDefault(): void }) => void): void };
const host = globalThis.__pg;
export const mains: Array<Promise<void>> = [];
export const virtual = (): boolean => host.virtual;

const t0 = performance.now();
let lastT = 0;
function time(): number {
  if (host.virtual) {
    // Outside the bubble (before it starts, after it ends): the last time seen.
    if (currentBubble() !== undefined) lastT = vnow().getTime() - EPOCH;
    return lastT;
  }
  return performance.now() - t0;
}

const cur = (): number => globalThis.__pgTask;

class PlaygroundRecorder implements Recorder {
  tasks = 1;
  chans = new Map<object, { id: number; len: number }>();
  keys = new WeakMap<object, number>();
  nextKey = 1;
  /** Parks whose record is complete only after the hook returns (a select adds its cases after). */
  pending: Array<{ key: number; task: number; rec: ParkRecord }> = [];
  /** The task of the waiter that left a queue last: the other end of a hand-off. */
  lastLeft = 0;
  ended = false;

  emit(e: Ev): void {
    if (this.ended) return;
    host.events.push(e);
  }

  /** Before each event: finish pending parks, and report buffers whose length changed. */
  flush(): void {
    const t = time();
    for (const p of this.pending.splice(0)) {
      this.emit({ k: "park", t, task: p.task, key: p.key, reason: p.rec.reason, on: p.rec.on.map(({ ch, dir }) => ({ ch: this.chan(ch), dir })) });
    }
    for (const [ch, c] of this.chans) {
      const len = (ch as { len?: number }).len ?? 0;
      if (len !== c.len) {
        c.len = len;
        this.emit({ k: "len", t, ch: c.id, len });
      }
    }
  }

  chan(ch: object): number {
    let c = this.chans.get(ch);
    if (c === undefined) {
      c = { id: this.chans.size + 1, len: 0 };
      this.chans.set(ch, c);
      this.emit({ k: "chan", t: time(), ch: c.id, name: nameOf(ch) ?? `chan ${c.id}`, cap: (ch as { cap?: number }).cap ?? 0 });
    }
    return c.id;
  }

  key(k: object): number {
    let n = this.keys.get(k);
    if (n === undefined) this.keys.set(k, (n = this.nextKey++));
    return n;
  }

  passed(ch: object, dir: Dir, other: ParkedOp | null, value?: unknown): void {
    this.flush();
    const e: Ev = { k: "pass", t: time(), task: cur(), ch: this.chan(ch), dir, other: other === null ? null : this.lastLeft, value: short(value) };
    // A receive from a full buffer with a sender parked: the sender's value moves into the buffer's tail.
    if (dir === "recv" && other !== null && ((ch as { cap?: number }).cap ?? 0) > 0) e.refill = short((other as unknown as { value?: unknown }).value);
    this.emit(e);
  }

  parked(key: object, rec: ParkRecord): void {
    this.flush();
    rec.task = cur();
    const k = this.key(key);
    // A select reports each case: park once.
    if (!this.pending.some((p) => p.key === k)) this.pending.push({ key: k, task: rec.task, rec });
  }

  left(key: object, rec: ParkRecord): void {
    this.flush();
    this.lastLeft = rec.task;
    this.emit({ k: "leave", t: time(), key: this.key(key) });
  }

  made(ch: object): void {
    this.flush();
    this.chan(ch);
  }

  closed(ch: object): void {
    this.flush();
    this.emit({ k: "close", t: time(), task: cur(), ch: this.chan(ch) });
  }

  chose(index: number, ch: object | null, dir: Dir, group?: object): void {
    this.flush();
    this.emit({ k: "select", t: time(), task: group === undefined ? cur() : this.lastLeft, index, ch: ch === null ? null : this.chan(ch), dir });
  }

  pool(): void {
    this.flush();
  }

  task<T>(name: string, fn: () => T): T {
    this.flush();
    const id = this.tasks++;
    this.emit({ k: "go", t: time(), task: id, name, parent: cur() });
    const prev = globalThis.__pgTask;
    globalThis.__pgTask = id;
    let r: T;
    try {
      r = fn();
    } finally {
      globalThis.__pgTask = prev;
    }
    const end = (): void => {
      this.flush();
      this.emit({ k: "end", t: time(), task: id });
    };
    if (r !== null && typeof r === "object" && typeof (r as { then?: unknown }).then === "function") (r as unknown as Promise<unknown>).then(end, end);
    else end();
    return r;
  }

  print(stream: "stdout" | "stderr", text: string): void {
    this.flush();
    this.emit({ k: "out", t: time(), task: cur(), stream, text });
  }

  exit(outcome: "ok" | "deadlock" | "panic", error?: unknown): void {
    if (this.ended) return;
    this.flush();
    const e = error instanceof Error ? { error: `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`, stack: error.stack ?? "" } : error === undefined ? {} : { error: String(error) };
    this.emit({ k: "exit", t: time(), outcome, ...e });
    this.ended = true;
    host.done();
  }
}

/** A value as a buffer slot or a moving value shows it: short. */
function short(v: unknown): string {
  const s = v instanceof Date ? v.toISOString().slice(11, 23) : format(v, true);
  return s.length > 14 ? `${s.slice(0, 13)}…` : s;
}

/** Node's console.log formatting, for the values programs print. */
function format(v: unknown, top = true): string {
  if (typeof v === "string") return top ? v : `'${v}'`;
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[ ${v.map((x) => format(x, false)).join(", ")} ]`;
  if (v instanceof Map) return `Map(${v.size}) {${v.size === 0 ? "" : ` ${[...v].map(([a, b]) => `${format(a, false)} => ${format(b, false)}`).join(", ")} `}}`;
  if (v !== null && typeof v === "object") {
    const es = Object.entries(v);
    return es.length === 0 ? "{}" : `{ ${es.map(([a, b]) => `${/^[A-Za-z_$][\w$]*$/.test(a) ? a : `'${a}'`}: ${format(b, false)}`).join(", ")} }`;
  }
  if (typeof v === "bigint") return `${v}n`;
  return String(v);
}

function printf(args: unknown[]): string {
  if (typeof args[0] === "string" && /%[sdifoOj%]/.test(args[0])) {
    let i = 1;
    const s = args[0].replace(/%([sdifoOj%])/g, (m, c: string) => {
      if (c === "%") return "%";
      if (i >= args.length) return m;
      const a = args[i++];
      return c === "d" || c === "i" ? String(Math.trunc(Number(a))) : c === "f" ? String(Number(a)) : format(a, c === "s");
    });
    return [s, ...args.slice(i).map((a) => format(a))].join(" ");
  }
  return args.map((a) => format(a)).join(" ");
}

export function start(load: () => Promise<unknown>): void {
  const r = new PlaygroundRecorder();
  setRecorder(r);
  const c = globalThis.console;
  c.log = c.info = c.debug = (...a: unknown[]) => r.print("stdout", printf(a));
  c.error = c.warn = (...a: unknown[]) => r.print("stderr", printf(a));
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    r.print("stderr", `panic: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`);
    r.exit("panic", e.reason);
  });
  globalThis.addEventListener("error", (e) => {
    const err = (e as unknown as { error: unknown }).error;
    r.print("stderr", `panic: ${err instanceof Error ? err.message : String(err)}`);
    r.exit("panic", err);
  });

  const body = async (): Promise<void> => {
    await load();
    if (mains.length > 0) await mains[0];
    else if (host.virtual) await wait();
    // Go's program ends when main returns: what other goroutines do after is not shown.
    r.exit("ok");
  };
  const finished = (): void => r.exit("ok");
  const failed = (e: unknown): void => {
    if (e instanceof BubbleDeadlockError && e.kind === "deadlock") {
      r.print("stderr", deadlockReport(e.blocked).trimEnd());
      r.exit("deadlock", e);
    } else if (e instanceof DeadlockError) {
      // run() printed the report already (on real time).
      r.exit("deadlock", e);
    } else if (e instanceof BubbleDeadlockError) {
      r.print("stderr", e.message);
      r.exit("deadlock", e);
    } else {
      r.print("stderr", `panic: ${e instanceof Error ? e.message : String(e)}`);
      r.exit("panic", e);
    }
  };
  if (host.virtual) synctest(body, { callSites: true, strict: false }).then(finished, failed);
  else body().then(finished, failed);
}
