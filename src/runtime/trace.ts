/**
 * Recording a run: Go's `runtime/trace` (`trace.Start`, `trace.Stop`), for
 * gochan's operations. This file is what a user calls and gets back:
 * {@link startTrace}, the {@link Trace} it ends with and its plain
 * {@link TraceData}, and {@link go}, which names a task for the trace.
 *
 * While a trace records, the channels, selects, WaitGroups, Semaphores,
 * sleeps and pools report to one `Recording` (recording.ts), installed in
 * the recorder slot of src/kernel/trace.ts: which task passed a value
 * through which channel, when each task parked and woke, every close, every
 * select's choice, and a pool's queue length and busy workers each time
 * they change. When no trace records, that slot is null and a send or
 * receive pays one test of it.
 *
 * A task is an async call started with {@link go} (or a pool worker, or
 * main under `run()`); Node's AsyncLocalStorage follows it across its
 * awaits. Work not started through one of those belongs to the task that
 * started it (main, in the end). Where there is no AsyncLocalStorage (a
 * browser), everything is main's; the graph still counts values per channel.
 * Thread pools' threads and goroutines on threads get lanes too (see
 * recording.ts); channels owned by other threads are not seen.
 */
import { brandError, setLevel, setRecorder, level, recorder, traceTask } from "../channel/internal.js";
import { Recording } from "./recording.js";
import { mermaid } from "./mermaid.js";
import { timelineHtml } from "./html.js";

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
