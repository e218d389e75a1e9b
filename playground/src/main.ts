/**
 * The playground page: an editor, Run, the output, and the picture of the
 * run (lanes, channels, a timeline to step and scrub). A run is compiled in
 * the page (compile.ts), executed in a fresh iframe on virtual time by
 * default (runner.ts), and recorded as events; every view is drawn from the
 * replayed state at the current step (picture.ts).
 */
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { javascript, javascriptLanguage } from "@codemirror/lang-javascript";
import { lintGutter } from "@codemirror/lint";
import { compile, gochanNames, initCompiler, librarySource } from "./compile.ts";
import { completion } from "./complete.ts";
import { Marks } from "./marks.ts";
import { TypeCheck } from "./typecheck.ts";
import { execute, type Running } from "./runner.ts";
import { lineOfStack, parseMap, userLine, type MapLine } from "./sourcemap.ts";
import { describe, laneHistory, stateAt, type LaneState, type State } from "./picture.ts";
import { examples } from "./examples.ts";
import { pack, unpack } from "./share.ts";
import { traceEvents, traceText } from "./tracefile.ts";
import type { Ev } from "./harness/recorder.ts";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

// ---- the editor --------------------------------------------------------
const marks = new Marks();
const typeCheck = new TypeCheck(marks, $("typecheck"));
const editor = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      keymap.of([{ key: "Mod-Enter", run: () => (void runProgram(), true) }]),
      basicSetup,
      javascript({ typescript: true }),
      // TypeScript's completion once its checker is up, what gochan exports before (Ctrl+Space, or as you type).
      javascriptLanguage.data.of({ autocomplete: completion(typeCheck.checker, gochanNames()) }),
      lintGutter(),
      marks.extension,
      typeCheck.extension,
      EditorView.contentAttributes.of({ "aria-label": "Program (TypeScript). Ctrl+Enter runs it; Tab leaves the editor." }),
    ],
  }),
});

function setCode(code: string): void {
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: code } });
}

marks.attach(editor);
typeCheck.attach(editor);

function markLine(line: number, message: string): void {
  marks.setRun([{ line, message }]);
}

/**
 * A report's stack lines, in the program's terms: each frame of the
 * compiled run that is the program's becomes `at program.ts:LINE` and the
 * line's text; the library's and the harness's frames are dropped.
 */
function mapReport(text: string, m: MapLine, stuck: Array<{ line: number; message: string }>): string {
  const out: string[] = [];
  let reason = "";
  for (const line of text.split("\n")) {
    const head = /^goroutine \d+ \[(.*)\]:$/.exec(line);
    if (head !== null) reason = head[1]!;
    if (!/^\s+at /.test(line)) {
      out.push(line);
      continue;
    }
    const f = /gochan-run\.js:(\d+):(\d+)/.exec(line);
    const l = f === null ? null : userLine(m, Number(f[1]), Number(f[2]));
    if (l === null) continue;
    const mapped = `\tat program.ts:${l}    ${editor.state.doc.lines >= l ? editor.state.doc.line(l).text.trim() : ""}`;
    if (out.at(-1) === mapped) continue;
    out.push(mapped);
    if (reason !== "") stuck.push({ line: l, message: `blocked here for ever: ${reason}` });
  }
  return out.join("\n");
}

// ---- examples ----------------------------------------------------------
const picker = $<HTMLSelectElement>("example");
for (const ex of examples) {
  const o = document.createElement("option");
  o.value = ex.id;
  o.textContent = ex.title;
  picker.appendChild(o);
}
function loadExample(id: string): void {
  const ex = examples.find((e) => e.id === id) ?? examples[0]!;
  picker.value = ex.id;
  setCode(ex.code);
  $("go-source").textContent = ex.go || "(no Go original: this program is gochan's own)";
  $("expected").textContent = ex.expected;
  clearRun();
}
picker.addEventListener("change", () => {
  loadExample(picker.value);
  history.replaceState(null, "", `#example=${picker.value}`);
});

// ---- running -------------------------------------------------------------
let events: Ev[] = [];
/** Event counts after each visible step (bookkeeping events fold into the step before). */
let stops: number[] = [0];
let pos = 0;
let history_: Map<number, Array<{ from: number; to: number; state: LaneState | "none" }>> = new Map();
let running: Running | null = null;
let playing: ReturnType<typeof setInterval> | null = null;
let map: MapLine | null = null;

const HIDDEN = new Set<Ev["k"]>(["len", "chan", "leave"]);

/** The event each step shows (its caption), by step: bookkeeping events after it are folded in. */
let shown: number[] = [-1];

function computeStops(evs: readonly Ev[]): number[] {
  const s = [0];
  shown = [-1];
  for (let i = 0; i < evs.length; i++) {
    if (HIDDEN.has(evs[i]!.k)) s[s.length - 1] = i + 1;
    else {
      s.push(i + 1);
      shown.push(i);
    }
  }
  return s;
}

function setStatus(status: "idle" | "compiling" | "running" | "done", text: string): void {
  document.body.dataset.status = status;
  $("status").textContent = text;
}

function clearRun(): void {
  running?.stop();
  running = null;
  pause();
  events = [];
  stops = [0];
  pos = 0;
  history_ = new Map();
  $("output").replaceChildren();
  marks.setRun([]);
  setStatus("idle", "Ready.");
  render();
}

function showOutput(lines: State["out"]): void {
  const out = $("output");
  out.replaceChildren(
    ...lines.map((l) => {
      const s = document.createElement("span");
      s.className = l.stream;
      s.textContent = `${l.text}\n`;
      return s;
    }),
  );
}

async function runProgram(): Promise<void> {
  clearRun();
  setStatus("compiling", "Compiling…");
  const r = await compile(editor.state.doc.toString());
  if (!r.ok) {
    const lines = r.errors.map((e) => ({ stream: "stderr" as const, text: e.line > 0 ? `line ${e.line}:${e.column + 1}: ${e.message}` : e.message }));
    showOutput(lines);
    const first = r.errors.find((e) => e.line > 0);
    if (first !== undefined) markLine(first.line, first.message);
    setStatus("done", `Compile error${first ? ` on line ${first.line}` : ""}.`);
    document.body.dataset.outcome = "compile";
    return;
  }
  map = parseMap(r.map);
  const virtual = $<HTMLInputElement>("virtual").checked;
  setStatus("running", virtual ? "Running on virtual time…" : "Running on real time…");
  const run = execute(r.code, virtual, virtual ? 15_000 : 60_000);
  running = run;
  events = run.events;
  if (!virtual) {
    // Real time: the picture follows the run as it goes.
    const follow = (): void => {
      if (running !== run) return;
      stops = computeStops(events);
      pos = stops.length - 1;
      render();
      requestAnimationFrame(follow);
    };
    requestAnimationFrame(follow);
  }
  await run.finished;
  if (running !== run) return;
  running = null;
  // Stack lines of reports in the program's own lines.
  const stuck: Array<{ line: number; message: string }> = [];
  if (map !== null) for (const e of events) if (e.k === "out" && e.stream === "stderr" && /\n\s+at /.test(e.text)) e.text = mapReport(e.text, map, stuck);
  if (stuck.length > 0) marks.setRun(stuck);
  stops = computeStops(events);
  history_ = laneHistory(events);
  const end = stateAt(events, events.length);
  showOutput(end.out);
  const exit = end.exit;
  document.body.dataset.outcome = exit?.outcome ?? "stopped";
  let where = "";
  if (exit?.outcome === "panic" && exit.stack !== undefined && map !== null) {
    const line = lineOfStack(map, exit.stack);
    if (line !== null) {
      markLine(line, exit.error ?? "panic");
      where = ` on line ${line}`;
      $("output").append(Object.assign(document.createElement("span"), { className: "stderr", textContent: `(thrown on line ${line})\n` }));
    }
  }
  const outcome = exit?.outcome === "ok" ? "Finished" : exit?.outcome === "deadlock" ? "Deadlock" : `Stopped${where}`;
  setStatus("done", `${outcome}: ${stops.length - 1} steps, ${lanesOf(end)} goroutines, ${end.chans.length} channels, ${(end.t / 1000).toFixed(3)} s of ${virtual ? "virtual" : "real"} time.`);
  if (virtual && $<HTMLInputElement>("autoplay").checked) {
    pos = 0;
    play();
  } else {
    pos = stops.length - 1;
    render();
  }
}

function lanesOf(s: State): number {
  return s.lanes.length;
}

// ---- playback ----------------------------------------------------------
function play(): void {
  pause();
  if (pos >= stops.length - 1) pos = 0;
  const speed = Number($<HTMLSelectElement>("speed").value);
  $("play").textContent = "❚❚ Pause";
  $("play").setAttribute("aria-pressed", "true");
  // A caption read aloud at every step of a replay would drown the reader: only when paused.
  $("caption").setAttribute("aria-live", "off");
  playing = setInterval(() => {
    if (pos >= stops.length - 1) return pause();
    pos++;
    render();
  }, 1000 / speed);
  render();
}

function pause(): void {
  if (playing !== null) clearInterval(playing);
  playing = null;
  $("caption").setAttribute("aria-live", "polite");
  $("play").textContent = "▶ Play";
  $("play").setAttribute("aria-pressed", "false");
}

function go(to: number): void {
  pos = Math.max(0, Math.min(stops.length - 1, to));
  render();
}

$("run").addEventListener("click", () => void runProgram());
$("play").addEventListener("click", () => (playing === null ? play() : pause()));
$("step").addEventListener("click", () => (pause(), go(pos + 1)));
$("back").addEventListener("click", () => (pause(), go(pos - 1)));
$("speed").addEventListener("change", () => {
  if (playing !== null) play();
});
$<HTMLInputElement>("scrub").addEventListener("input", (e) => {
  pause();
  go(Number((e.target as HTMLInputElement).value));
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void runProgram();
  }
});

// ---- drawing -------------------------------------------------------------
const ICON: Record<LaneState, string> = { running: "▶", blocked: "■", sleeping: "☾", done: "✓" };

function render(): void {
  const n = stops[pos] ?? 0;
  const s = stateAt(events, n);
  const scrub = $<HTMLInputElement>("scrub");
  scrub.max = String(stops.length - 1);
  scrub.value = String(pos);
  scrub.setAttribute("aria-valuetext", `step ${pos} of ${stops.length - 1}`);
  $("stepinfo").textContent = `step ${pos} / ${stops.length - 1} · t = ${(s.t / 1000).toFixed(3)} s`;
  const last = shown[pos] !== undefined && shown[pos]! >= 0 ? events[shown[pos]!]! : null;
  $("caption").textContent = describe(last, s);
  drawMove(last, s);
  const active = new Set<number>();
  const activeChans = new Set<number>();
  if (last !== null && "task" in last) active.add(last.task);
  if (last?.k === "pass" && last.other !== null) active.add(last.other);
  if (last !== null && "ch" in last && last.ch !== null) activeChans.add(last.ch);

  // Lanes.
  const lanes = $("lanes");
  lanes.replaceChildren(
    ...s.lanes.map((l) => {
      const li = document.createElement("li");
      li.className = `lane ${l.state}${active.has(l.id) ? " active" : ""}`;
      li.dataset.state = l.state;
      li.dataset.lane = l.name;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = l.name;
      const st = document.createElement("span");
      st.className = "state";
      st.textContent = `${ICON[l.state]} ${l.state}`;
      const on = document.createElement("span");
      on.className = "on";
      on.textContent = l.on;
      li.append(name, st, on);
      return li;
    }),
  );

  // Channels.
  const nameOf = (id: number): string => s.lanes.find((l) => l.id === id)?.name ?? `goroutine ${id}`;
  const chans = $("chans");
  chans.replaceChildren(
    ...s.chans.map((c) => {
      const box = document.createElement("li");
      box.className = `chan${c.closed ? " closed" : ""}${activeChans.has(c.id) ? " active" : ""}`;
      box.dataset.chan = c.name;
      const h = document.createElement("div");
      h.className = "chan-head";
      h.textContent = `${c.name} · ${c.cap === 0 ? "unbuffered" : `cap ${c.cap}`} · ${c.passed} passed${c.closed ? " · ✕ closed" : ""}`;
      const slots = document.createElement("div");
      slots.className = "slots";
      const shown = Math.min(c.cap, 16);
      for (let i = 0; i < shown; i++) {
        const slot = document.createElement("span");
        slot.className = i < c.len ? "slot full" : "slot";
        slot.textContent = i < c.len ? (c.buf[i] ?? "●") : "";
        slots.append(slot);
      }
      if (c.cap > shown) slots.append(` … ${c.len}/${c.cap}`);
      slots.setAttribute("aria-label", `buffer ${c.len} of ${c.cap}`);
      const q = (label: string, ids: number[], cls: string): HTMLElement => {
        const d = document.createElement("div");
        d.className = `queue ${cls}`;
        d.append(`${label}: `);
        if (ids.length === 0) d.append("none");
        for (const id of ids) {
          const chip = document.createElement("span");
          chip.className = "chip";
          chip.textContent = nameOf(id);
          d.append(chip);
        }
        return d;
      };
      // An unbuffered channel has no slots: a value passes straight from sender to receiver.
      if (c.cap > 0) box.append(h, slots);
      else box.append(h);
      box.append(q("senders waiting", c.sendq, "sendq"), q("receivers waiting", c.recvq, "recvq"));
      return box;
    }),
  );
  // Lines printed after this step are dimmed (and marked for screen readers): the output follows the picture.
  const printed = $("output").children;
  for (let i = 0; i < printed.length; i++) printed[i]!.classList.toggle("later", events.length > 0 && i >= s.out.length && running === null && s.exit === null);
  drawTimeline(s);
  $("picture").dataset.lanes = String(s.lanes.length);
  $("picture").dataset.chans = String(s.chans.length);
  $("picture").dataset.step = String(pos);
}

/** A value on its way: sender, channel, receiver, and a dot that moves along (the text says the same). */
function drawMove(e: Ev | null, s: State): void {
  const box = $("move");
  box.replaceChildren();
  box.hidden = e?.k !== "pass";
  if (e?.k !== "pass") return;
  const who = (id: number): string => s.lanes.find((l) => l.id === id)?.name ?? `goroutine ${id}`;
  const c = s.chans.find((x) => x.id === e.ch);
  const chan = `${c?.name ?? "chan"}${c !== undefined && c.cap > 0 ? ` [${c.len}/${c.cap}]` : ""}`;
  const from = e.dir === "send" ? who(e.task) : e.other !== null ? who(e.other) : `${c?.name ?? "chan"}'s buffer`;
  const to = e.dir === "recv" ? who(e.task) : e.other !== null ? who(e.other) : `${c?.name ?? "chan"}'s buffer`;
  const part = (text: string, cls: string): HTMLElement => Object.assign(document.createElement("span"), { className: cls, textContent: text });
  const track = part("", "track");
  track.append(part(e.value ?? "●", "dot"));
  box.append(part(from, "end"), track, part(chan, "via"), part("→", "arrow"), part(to, "end"));
}

function drawTimeline(s: State): void {
  const canvas = $<HTMLCanvasElement>("timeline");
  const lanes = s.lanes.length > 0 ? [...history_.keys()].sort((a, b) => a - b) : [];
  const rowH = 18;
  const labelW = 110;
  const w = canvas.clientWidth || 600;
  const h = Math.max(rowH, lanes.length * rowH) + 4;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = w * dpr;
  canvas.height = h * dpr;
  canvas.style.height = `${h}px`;
  const g = canvas.getContext("2d")!;
  g.scale(dpr, dpr);
  const css = getComputedStyle(document.body);
  g.fillStyle = css.getPropertyValue("--bg") || "#fff";
  g.fillRect(0, 0, w, h);
  const total = Math.max(1, events.length);
  const x = (ev: number): number => labelW + ((w - labelW - 4) * ev) / total;
  g.font = "12px system-ui, sans-serif";
  const names = new Map(stateAt(events, events.length).lanes.map((l) => [l.id, l.name]));
  lanes.forEach((id, row) => {
    const y = row * rowH + 2;
    g.fillStyle = css.getPropertyValue("--fg") || "#000";
    g.fillText((names.get(id) ?? `g${id}`).slice(0, 16), 2, y + 13);
    for (const seg of history_.get(id) ?? []) {
      const x0 = x(seg.from);
      const x1 = Math.max(x0 + 1, x(seg.to));
      if (seg.state === "running") {
        g.fillStyle = css.getPropertyValue("--running");
        g.fillRect(x0, y + 2, x1 - x0, rowH - 6);
      } else if (seg.state === "blocked") {
        // Not colour alone: blocked is an outlined, hatched bar.
        g.strokeStyle = css.getPropertyValue("--blocked");
        g.strokeRect(x0 + 0.5, y + 2.5, x1 - x0 - 1, rowH - 7);
        g.beginPath();
        for (let hx = x0; hx < x1; hx += 6) {
          g.moveTo(hx, y + rowH - 4);
          g.lineTo(Math.min(hx + 6, x1), y + 3);
        }
        g.stroke();
      } else if (seg.state === "sleeping") {
        g.fillStyle = css.getPropertyValue("--sleeping");
        for (let dx = x0; dx < x1; dx += 5) g.fillRect(dx, y + rowH / 2 - 2, 2, 2);
      } else if (seg.state === "done") {
        g.fillStyle = css.getPropertyValue("--muted");
        g.fillRect(x0, y + rowH / 2 - 1, x1 - x0, 1);
      }
    }
  });
  // The cursor: where the picture above is.
  const cx = x(stops[pos] ?? 0);
  g.fillStyle = css.getPropertyValue("--cursor") || "#000";
  g.fillRect(cx - 1, 0, 2, h);
}

$<HTMLCanvasElement>("timeline").addEventListener("click", (e) => {
  const canvas = e.currentTarget as HTMLCanvasElement;
  const labelW = 110;
  const frac = (e.offsetX - labelW) / (canvas.clientWidth - labelW - 4);
  const ev = Math.round(frac * events.length);
  let best = 0;
  for (let i = 0; i < stops.length; i++) if (stops[i]! <= ev) best = i;
  pause();
  go(best);
});
window.addEventListener("resize", () => render());

// ---- share, trace files, text size ---------------------------------------
$("share").addEventListener("click", async () => {
  const url = `${location.origin}${location.pathname}#code=${await pack(editor.state.doc.toString())}`;
  history.replaceState(null, "", url);
  $<HTMLInputElement>("share-url").value = url;
  $("share-box").hidden = false;
  try {
    await navigator.clipboard.writeText(url);
    $("share-note").textContent = "Link copied to the clipboard.";
  } catch {
    $("share-note").textContent = "Copy the link above.";
  }
});

$<HTMLInputElement>("tracefile").addEventListener("change", async (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f === undefined) return;
  clearRun();
  try {
    events = traceEvents(traceText(await f.text()));
    stops = computeStops(events);
    history_ = laneHistory(events);
    pos = stops.length - 1;
    setStatus("done", `Trace ${f.name}: ${stops.length - 1} steps.`);
    document.body.dataset.outcome = "trace";
    render();
  } catch (err) {
    showOutput([{ stream: "stderr", text: err instanceof Error ? err.message : String(err) }]);
    setStatus("done", "Could not open the trace.");
  }
});

$("bigger").addEventListener("click", () => {
  const big = document.documentElement.classList.toggle("projector");
  $("bigger").setAttribute("aria-pressed", String(big));
  render();
});

// ---- start ---------------------------------------------------------------
async function boot(): Promise<void> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = hash.get("code");
  if (code !== null) {
    loadExample(examples[0]!.id);
    try {
      setCode(await unpack(code));
      $("go-source").textContent = "(a shared program)";
      $("expected").textContent = "";
    } catch {
      setStatus("idle", "The link's program could not be read.");
    }
  } else loadExample(hash.get("example") ?? examples[0]!.id);
  await initCompiler();
  document.body.dataset.ready = "true";
  // Only now: the checker's megabytes load in their worker while the learner reads.
  typeCheck.start(librarySource());
}
void boot();

/** For tests and the curious: the recorded events and the state shown. */
(window as unknown as { playground: object }).playground = {
  events: () => events,
  stops: () => stops,
  state: () => stateAt(events, stops[pos] ?? 0),
  examples,
  names: gochanNames,
  run: runProgram,
  load: loadExample,
  code: () => editor.state.doc.toString(),
  version: () => typeCheck.version(),
  typeErrors: () => marks.types().map((d) => ({ line: editor.state.doc.lineAt(d.from).number, message: d.message })),
  setCode,
  go,
};
