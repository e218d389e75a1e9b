/**
 * The state of a run at any step: a replay of the recorder's events
 * (harness/recorder.ts) from the start. Every view (lanes, channels,
 * timeline, the step's sentence) is drawn from this state alone, so a step
 * or a scrub reaches the same picture however it got there.
 */
import type { Dir, Ev } from "./harness/recorder.ts";

export type LaneState = "running" | "blocked" | "sleeping" | "done";

export interface Lane {
  id: number;
  name: string;
  state: LaneState;
  /** What it waits for, in Go's words: "chan receive from jobs". */
  on: string;
}

export interface ChanView {
  id: number;
  name: string;
  cap: number;
  len: number;
  closed: boolean;
  /** Parked senders and receivers, oldest first (goroutine ids). */
  sendq: number[];
  recvq: number[];
  /** Values that passed through it so far. */
  passed: number;
  /** The values in its buffer, head first, as they print (empty when they are not known: a trace file). */
  buf: string[];
}

export interface State {
  step: number;
  t: number;
  lanes: Lane[];
  chans: ChanView[];
  out: Array<{ stream: "stdout" | "stderr"; text: string }>;
  /** The event that made this step, if any. */
  last: Ev | null;
  exit: Extract<Ev, { k: "exit" }> | null;
}

interface Park {
  task: number;
  reason: string;
  on: Array<{ ch: number; dir: Dir }>;
}

/** Replays events[0, n): the state after the n-th event. */
export function stateAt(events: readonly Ev[], n: number): State {
  const lanes = new Map<number, Lane>([[0, { id: 0, name: "main", state: "running", on: "" }]]);
  const chans = new Map<number, ChanView>();
  const parks = new Map<number, Park>();
  const out: State["out"] = [];
  let exit: State["exit"] = null;
  let t = 0;
  const count = Math.min(n, events.length);
  for (let i = 0; i < count; i++) {
    const e = events[i]!;
    t = e.t;
    switch (e.k) {
      case "go":
        lanes.set(e.task, { id: e.task, name: e.name, state: "running", on: "" });
        break;
      case "end": {
        const l = lanes.get(e.task);
        if (l !== undefined) l.state = "done";
        break;
      }
      case "chan":
        chans.set(e.ch, { id: e.ch, name: e.name, cap: e.cap, len: 0, closed: false, sendq: [], recvq: [], passed: 0, buf: [] });
        break;
      case "park": {
        parks.set(e.key, { task: e.task, reason: e.reason, on: e.on });
        for (const { ch, dir } of e.on) {
          const c = chans.get(ch);
          if (c !== undefined) (dir === "send" ? c.sendq : c.recvq).push(e.task);
        }
        break;
      }
      case "leave": {
        const p = parks.get(e.key);
        if (p === undefined) break;
        parks.delete(e.key);
        for (const { ch, dir } of p.on) {
          const c = chans.get(ch);
          if (c === undefined) continue;
          const q = dir === "send" ? c.sendq : c.recvq;
          const at = q.indexOf(p.task);
          if (at >= 0) q.splice(at, 1);
        }
        break;
      }
      case "pass": {
        const c = chans.get(e.ch);
        if (c === undefined) break;
        if (e.dir === "recv" || e.other !== null) c.passed++;
        if (c.cap > 0 && e.value !== undefined) {
          if (e.dir === "send" && e.other === null) c.buf.push(e.value);
          else if (e.dir === "recv") {
            c.buf.shift();
            if (e.refill !== undefined) c.buf.push(e.refill);
          }
        }
        break;
      }
      case "len": {
        const c = chans.get(e.ch);
        if (c !== undefined) c.len = e.len;
        break;
      }
      case "close": {
        const c = chans.get(e.ch);
        if (c !== undefined) c.closed = true;
        break;
      }
      case "out":
        out.push({ stream: e.stream, text: e.text });
        break;
      case "exit":
        exit = e;
        break;
      default:
        break;
    }
  }
  // Each goroutine's state: blocked or sleeping while one of its operations is parked.
  for (const p of parks.values()) {
    const l = lanes.get(p.task);
    if (l === undefined || l.state === "done") continue;
    l.state = p.reason === "sleep" ? "sleeping" : "blocked";
    l.on = describePark(p, chans);
  }
  if (exit !== null) {
    const main = lanes.get(0)!;
    if (main.state === "running") main.state = "done";
  }
  return { step: count, t, lanes: [...lanes.values()], chans: [...chans.values()], out, last: count > 0 ? events[count - 1]! : null, exit };
}

function chanName(chans: Map<number, ChanView>, id: number | null): string {
  return id === null ? "nil" : (chans.get(id)?.name ?? `chan ${id}`);
}

function describePark(p: Park, chans: Map<number, ChanView>): string {
  if (p.on.length === 0) return p.reason;
  if (p.reason === "select") return `select: ${p.on.map(({ ch, dir }) => `${dir === "send" ? "send to" : "receive from"} ${chanName(chans, ch)}`).join(", ")}`;
  const { ch, dir } = p.on[0]!;
  return `${p.reason} ${dir === "send" ? "to" : "from"} ${chanName(chans, ch)}`;
}

/** One sentence for what an event did: the step's caption, read aloud by screen readers. */
export function describe(e: Ev | null, s: State): string {
  if (e === null) return "Ready: the program has not started.";
  const who = (id: number): string => s.lanes.find((l) => l.id === id)?.name ?? `goroutine ${id}`;
  const ch = (id: number | null): string => (id === null ? "nil" : (s.chans.find((c) => c.id === id)?.name ?? `chan ${id}`));
  const buf = (id: number): string => {
    const c = s.chans.find((x) => x.id === id);
    return c === undefined || c.cap === 0 ? "" : ` (buffer ${c.len}/${c.cap})`;
  };
  switch (e.k) {
    case "go":
      return `${who(e.parent)} starts goroutine ${e.name}.`;
    case "end":
      return `${who(e.task)} returns.`;
    case "chan":
      return `${ch(e.ch)} is first used (${e.cap === 0 ? "unbuffered" : `capacity ${e.cap}`}).`;
    case "park": {
      const l = s.lanes.find((x) => x.id === e.task);
      return e.reason === "sleep" ? `${who(e.task)} sleeps.` : `${who(e.task)} blocks: ${l?.on || e.reason}.`;
    }
    case "leave":
      return "A parked operation wakes up.";
    case "pass":
    {
      const v = e.value === undefined ? "a value" : e.value;
      if (e.dir === "send") return e.other === null ? `${who(e.task)} sends ${v} into ${ch(e.ch)}${buf(e.ch)}.` : `${who(e.task)} hands ${v} through ${ch(e.ch)} to ${who(e.other)}, who was waiting.`;
      if (e.other === null) return `${who(e.task)} receives ${v} from ${ch(e.ch)}${buf(e.ch)}.`;
      return e.refill !== undefined
        ? `${who(e.task)} receives ${v} from ${ch(e.ch)}, and ${who(e.other)}, waiting to send, puts ${e.refill} in the buffer${buf(e.ch)}.`
        : `${who(e.task)} receives ${v} from ${ch(e.ch)}, straight from ${who(e.other)}, who was waiting to send.`;
    }
    case "len":
      return `${ch(e.ch)} now holds ${e.len} value${e.len === 1 ? "" : "s"}.`;
    case "close":
      return `${who(e.task)} closes ${ch(e.ch)}.`;
    case "select":
      return `${who(e.task)}'s select chooses case ${e.index}: ${e.dir === "send" ? "send to" : "receive from"} ${ch(e.ch)}.`;
    case "out":
      return `${who(e.task)} prints: ${e.text.split("\n")[0]}`;
    case "exit":
      return e.outcome === "ok" ? "The program ends: main returned." : e.outcome === "deadlock" ? "The program stops: all goroutines are asleep - deadlock!" : `The program stops: ${e.error ?? "panic"}`;
  }
}

/** Per lane, its state over the steps, as runs of equal state: what the timeline draws. */
export function laneHistory(events: readonly Ev[]): Map<number, Array<{ from: number; to: number; state: LaneState | "none" }>> {
  const hist = new Map<number, Array<{ from: number; to: number; state: LaneState | "none" }>>();
  // One replay, incrementally: a lane's state changes only at its own events.
  const parks = new Map<number, { task: number; reason: string }>();
  const state = new Map<number, LaneState>([[0, "running"]]);
  const push = (task: number, step: number, st: LaneState): void => {
    let h = hist.get(task);
    if (h === undefined) hist.set(task, (h = []));
    const last = h.at(-1);
    if (last !== undefined && last.state === st) return;
    if (last !== undefined) last.to = step;
    h.push({ from: step, to: events.length, state: st });
  };
  push(0, 0, "running");
  const recompute = (task: number, step: number): void => {
    if (state.get(task) === "done") return;
    let st: LaneState = "running";
    for (const p of parks.values()) if (p.task === task) st = p.reason === "sleep" ? "sleeping" : "blocked";
    push(task, step, st);
  };
  events.forEach((e, i) => {
    const step = i + 1;
    if (e.k === "go") {
      state.set(e.task, "running");
      push(e.task, step, "running");
    } else if (e.k === "end") {
      state.set(e.task, "done");
      push(e.task, step, "done");
    } else if (e.k === "park") {
      parks.set(e.key, { task: e.task, reason: e.reason });
      recompute(e.task, step);
    } else if (e.k === "leave") {
      const p = parks.get(e.key);
      parks.delete(e.key);
      if (p !== undefined) recompute(p.task, step);
    } else if (e.k === "exit") {
      if (state.get(0) !== "done") push(0, step, "done");
    }
  });
  return hist;
}
