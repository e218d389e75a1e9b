/**
 * Runs a compiled program in a fresh, hidden iframe (its own realm: its own
 * Promise to patch, its own copy of the library's state, and its timers
 * gone with it), and collects the recorder's events.
 */
import type { Ev } from "./harness/recorder.ts";

/**
 * Runs first in the iframe: the running goroutine (`__pgTask`) is carried
 * from where a then() callback, a timeout or a microtask was registered to
 * where it runs, as TC39's AsyncContext would carry it.
 */
const PRELUDE = (virtual: boolean): string => `(() => {
  // On virtual time the clock the library reads for its pacing (how long a
  // run of operations may go without a macrotask, src/kernel/pace.ts) counts
  // calls instead of real time: where a long run yields is then the same on
  // every run, and so is the order in which goroutines resume.
  if (${virtual}) {
    let calls = 0;
    Object.defineProperty(globalThis.performance, "now", { value: () => (calls += 0.01) });
  }
  let cur = 0;
  Object.defineProperty(globalThis, "__pgTask", { get() { return cur; }, set(v) { cur = v; } });
  // A callback of main's is called through a frame named runtimeMain, the
  // frame by which the deadlock report (src/runtime/report.ts) tells main's
  // operation from the others' and lists it first, as goroutine 1.
  const wrap = (f, c) => typeof f !== "function" ? f : c === 0
    ? function runtimeMain(...a) { const p = cur; cur = c; try { return f.apply(this, a); } finally { cur = p; } }
    : function (...a) { const p = cur; cur = c; try { return f.apply(this, a); } finally { cur = p; } };
  const then = Promise.prototype.then;
  Promise.prototype.then = function (a, b) { const c = cur; return then.call(this, wrap(a, c), wrap(b, c)); };
  const st = globalThis.setTimeout;
  globalThis.setTimeout = function (f, ...r) { return st.call(globalThis, wrap(f, cur), ...r); };
  const si = globalThis.setInterval;
  globalThis.setInterval = function (f, ...r) { return si.call(globalThis, wrap(f, cur), ...r); };
  const qm = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (f) => qm(wrap(f, cur));
})();`;

export interface Running {
  events: Ev[];
  /** Settles when the program has ended (or was stopped). */
  finished: Promise<void>;
  stop(): void;
}

/** Most events a run may record before it is stopped. */
export const EVENT_LIMIT = 100_000;

export function execute(code: string, virtual: boolean, timeoutMs: number): Running {
  const iframe = document.createElement("iframe");
  iframe.hidden = true;
  iframe.title = "program sandbox";
  document.body.appendChild(iframe);
  const events: Ev[] = [];
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  let over = false;
  const end = (): void => {
    if (over) return;
    over = true;
    clearInterval(watch);
    clearTimeout(timer);
    resolve();
    // Let the last callbacks of the iframe run out before it goes.
    setTimeout(() => iframe.remove(), 0);
  };
  const host = { virtual, events, done: end };
  const win = iframe.contentWindow as unknown as Window & { __pg: typeof host };
  win.__pg = host;
  const stopWith = (why: string): void => {
    if (over) return;
    events.push({ k: "out", t: events.at(-1)?.t ?? 0, task: 0, stream: "stderr", text: why });
    events.push({ k: "exit", t: events.at(-1)?.t ?? 0, outcome: "panic", error: why });
    end();
  };
  const timer = setTimeout(() => stopWith(`playground: stopped after ${timeoutMs / 1000} s of real time`), timeoutMs);
  const watch = setInterval(() => {
    if (events.length > EVENT_LIMIT) stopWith(`playground: stopped after ${EVENT_LIMIT} events`);
  }, 50);
  const doc = iframe.contentDocument!;
  for (const text of [PRELUDE(virtual), `${code}\n//# sourceURL=gochan-run.js`]) {
    const s = doc.createElement("script");
    s.textContent = text;
    doc.head.appendChild(s);
  }
  return { events, finished, stop: () => stopWith("playground: stopped") };
}
