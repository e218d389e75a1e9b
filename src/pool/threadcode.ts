/**
 * What a thread pool's threads run, and how a thread is started on it: the
 * handler module (or the app's own start function, `threads(start)`), the
 * entry script a thread starts from, and the error every job fails with when
 * a thread cannot load either.
 *
 * Its own file because it is settled once per pool, before any job moves,
 * while threaded.ts is about keeping threads fed job by job. A TypeScript
 * handler that this Node cannot run is bundled to JavaScript once, before
 * the threads start (threads/prebuild.ts), so that no thread pays for a
 * loader; where that cannot be done, each thread registers tsx. The entry's
 * path is set by tsup for the build (the chunk that holds this file sits
 * beside threads/worker.js); from the sources it is threads/worker.ts.
 */
import { loadError, needsLoader, startError } from "../threads/loader.js";
import { prebuild } from "../threads/prebuild.js";
import { spawn, tsxApi, type Thread, type ThreadEvents } from "../threads/spawn.js";
import type { ThreadOptions } from "./types.js";

declare const __GOCHAN_THREAD_ENTRY__: string | undefined; // the built entry's path, set by tsup

export class ThreadCode {
  /** The script a thread starts from: threads/worker, or its bundle. */
  private entry: URL;
  /** Whether a thread must register tsx to load the entry or the handler. */
  private typescript: boolean;
  /** What threads load: the handler module, or its bundle (prebuild.ts); null for `threads(start)`. */
  private handler: URL | null;
  /** The bundling of a TypeScript handler, which the threads' start waits for; null when there is none. */
  readonly prepared: Promise<void> | null = null;

  constructor(
    /** The handler module, or the app's own start function (`threads()`). */
    private readonly module: URL | (() => object),
    private readonly options: ThreadOptions,
  ) {
    this.entry = new URL(typeof __GOCHAN_THREAD_ENTRY__ === "string" ? __GOCHAN_THREAD_ENTRY__ : "../threads/worker.ts", import.meta.url);
    this.typescript = module instanceof URL && needsLoader(this.entry, module);
    this.handler = module instanceof URL ? module : null;
    if (this.typescript && options.execArgv === undefined) {
      // TypeScript a thread cannot run: bundled to JavaScript once here, rather than tsx in every thread.
      this.prepared = prebuild(this.entry, module as URL, tsxOrNull()).then((p) => {
        if (p === null) return;
        this.entry = p.entry;
        this.handler = p.module;
        this.typescript = false;
      });
    }
  }

  /**
   * A new thread for worker `id`, told what to load and where to write the
   * id of each job it starts (`started`, shared memory, or null).
   *
   * @throws whatever the platform or the app's start function throws (see {@link startError}).
   */
  spawn(id: number, started: Int32Array | null, events: ThreadEvents): Thread {
    const thread = spawn(this.module instanceof URL ? this.entry : this.module, { execArgv: this.options.execArgv, typescript: this.typescript, resourceLimits: this.options.resourceLimits, name: `gochan pool worker ${id}` }, events);
    thread.post({ t: "init", module: this.handler === null ? null : this.handler.href, export: this.options.export ?? "default", worker: id, started });
    return thread;
  }

  /** What every job fails with when a thread could not load the code: it reported a failed import, or `died` before it was ready. */
  loadError(error: unknown, died: boolean): unknown {
    return loadError(this.module instanceof URL ? this.module : null, this.module instanceof URL ? this.entry : null, error, died);
  }

  /** What every job fails with when {@link spawn} threw: the app's start function's error explained, or the platform's as it is. */
  startError(error: unknown): unknown {
    return typeof this.module === "function" ? startError(error) : error;
  }
}

/** tsx's API, or null to let prebuild look from the working directory. */
function tsxOrNull(): string | null {
  try {
    return tsxApi();
  } catch {
    return null;
  }
}
