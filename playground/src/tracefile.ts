/**
 * A trace recorded with startTrace() in Node, opened in the playground: the
 * JSON of `trace.data`, or the page `trace.html()` wrote (its data is
 * embedded). It becomes the same events a run records, so the same picture
 * and timeline show it. A trace counts values per channel, not one by one,
 * and keeps no buffer lengths: lanes, waits, closes and choices are drawn.
 */
import type { Ev } from "./harness/recorder.ts";

interface TraceData {
  duration: number;
  tasks: Array<{ id: number; name: string; start: number; end?: number }>;
  channels: Array<{ id: number; name: string; cap: number; closed?: number }>;
  spans: Array<{ task: number; kind: string; from: number; to: number; label: string }>;
  marks: Array<{ task: number; at: number; kind: "close" | "select"; label: string }>;
}

export function traceText(text: string): TraceData {
  const m = /<script id="data" type="application\/json">([\s\S]*?)<\/script>/.exec(text);
  const data = JSON.parse(m !== null ? m[1]! : text) as TraceData & { data?: TraceData };
  const d = data.tasks === undefined && data.data !== undefined ? data.data : data;
  if (!Array.isArray(d.tasks) || !Array.isArray(d.spans)) throw new Error("not a gochan trace: expected the JSON of trace.data, or a page written by trace.html()");
  return d;
}

export function traceEvents(d: TraceData): Ev[] {
  const timed: Array<[number, number, Ev]> = [];
  let seq = 0;
  const add = (t: number, e: Ev): void => void timed.push([t, seq++, e]);
  const byName = new Map(d.channels.map((c) => [c.name, c.id]));
  for (const c of d.channels) add(0, { k: "chan", t: 0, ch: c.id, name: c.name, cap: c.cap });
  for (const t of d.tasks) {
    if (t.id !== 0) add(t.start, { k: "go", t: t.start, task: t.id, name: t.name, parent: 0 });
    if (t.end !== undefined) add(t.end, { k: "end", t: t.end, task: t.id });
  }
  let key = 1;
  for (const s of d.spans) {
    if (s.kind === "job") continue;
    const k = key++;
    // "chan receive: receive from jobs", "select: receive from a, send to b"
    const on: Array<{ ch: number; dir: "send" | "recv" }> = [];
    for (const m of s.label.matchAll(/(receive from|send to) ([^,(]+?)(?=,|$| \()/g)) {
      const ch = byName.get(m[2]!.trim());
      if (ch !== undefined) on.push({ ch, dir: m[1] === "send to" ? "send" : "recv" });
    }
    const reason = s.kind === "sleep" ? "sleep" : s.kind === "idle" ? "idle" : s.label.split(":")[0]!;
    add(s.from, { k: "park", t: s.from, task: s.task, key: k, reason, on });
    if (!s.label.endsWith("(still blocked)")) add(s.to, { k: "leave", t: s.to, key: k });
  }
  for (const m of d.marks) {
    if (m.kind === "close") {
      const name = /^close\((.*)\)$/.exec(m.label)?.[1];
      const ch = name === undefined ? undefined : byName.get(name);
      if (ch !== undefined) add(m.at, { k: "close", t: m.at, task: m.task, ch });
    } else {
      const x = /case (\d+): (receive from|send to) (.*)$/.exec(m.label);
      if (x !== null) add(m.at, { k: "select", t: m.at, task: m.task, index: Number(x[1]), ch: byName.get(x[3]!) ?? null, dir: x[2] === "send to" ? "send" : "recv" });
    }
  }
  timed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const evs = timed.map(([, , e]) => e);
  evs.push({ k: "exit", t: d.duration, outcome: "ok" });
  return evs;
}
