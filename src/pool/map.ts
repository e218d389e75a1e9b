/**
 * map(source, fn, options): a Pool as a stream, for the common case "run fn
 * over these inputs, N at a time, and hand me the results as they come".
 *
 * Inputs are pulled lazily: one producer goroutine submits them to a Pool,
 * and submit waits while the queue is full, so at most
 * `concurrency` running + `concurrency` queued + the results buffer + one are
 * pulled ahead of the consumer. An endless source works; memory stays bounded.
 *
 * Leaving the loop early (break, return, throw) stops pulling, cancels the
 * pool (running handlers see their signal abort) and waits for it to wind
 * down. Every input pulled but not delivered to the loop is then listed in
 * `cancelled`: nothing is dropped silently.
 */
import { Pool } from "./pool.js";
import type { Result } from "./result.js";
import { SHARED_CONTEXT, type Handler, type ThreadOptions } from "./types.js";
import type { ThreadSource } from "../threads/source.js";
import { checkSignal, isThenable, unwatchAbort, watchAbort } from "../channel/internal.js";
import { count, duration, moduleOf } from "./validate.js";
import { MapStreamReusedError } from "./errors.js";

/**
 * Options of {@link map}.
 *
 * @example
 * ```ts
 * map(urls, download, { concurrency: 8, ordered: true, timeout: 10_000, signal });
 * ```
 */
export interface MapOptions {
  /** How many handlers run at once. Default: the platform's parallelism. */
  concurrency?: number | undefined;
  /** Deliver results in input order instead of completion order. Default: false. */
  ordered?: boolean | undefined;
  /** Per-input deadline in ms, as the Pool's `timeout`. */
  timeout?: number | undefined;
  /** Cancels the whole map: running handlers abort, the rest are delivered as cancelled results. */
  signal?: AbortSignal | undefined;
  /** Threads only (`fn` a module): how long an overrunning handler may go on before its thread is terminated, as the Pool's `grace`. */
  grace?: number | undefined;
  /** Threads only: how each thread is started, as the Pool's `thread`. */
  thread?: ThreadOptions | undefined;
}

/**
 * The stream {@link map} returns: iterate it once with `for await`.
 *
 * @example
 * ```ts
 * const images = map(urls, download, { concurrency: 8 });
 * for await (const r of images) {
 *   if (r.status !== "done") break;
 * }
 * console.log("pulled but not delivered:", images.cancelled);
 * ```
 */
export class Mapped<J, R> implements AsyncIterable<Result<J, R>> {
  /** Inputs pulled from the source but not delivered to the loop, once the loop has ended early. */
  readonly cancelled: J[] = [];
  #used = false;

  readonly #source: Iterable<J> | AsyncIterable<J>;
  readonly #fn: Handler<J, R> | URL | string | ThreadSource;
  readonly #options: MapOptions;

  /** @internal */
  constructor(source: Iterable<J> | AsyncIterable<J>, fn: Handler<J, R> | URL | string | ThreadSource, options: MapOptions) {
    this.#source = source;
    this.#fn = fn;
    this.#options = options;
  }

  /**
   * Starts the stream: the pool is made, and the source pulled, when the loop begins. A stream runs once.
   *
   * @throws MapStreamReusedError if the stream was iterated before.
   */
  [Symbol.asyncIterator](): AsyncIterator<Result<J, R>> {
    if (this.#used) throw new MapStreamReusedError();
    this.#used = true;
    return this.#run();
  }

  #run(): AsyncIterator<Result<J, R>> {
    const stop = new AbortController();
    const user = this.#options.signal;
    // A listener, removed when the map ends, rather than AbortSignal.any, which
    // keeps something on the user's signal for as long as it lives.
    const forward = { onAbort: (reason: unknown) => stop.abort(reason) };
    if (user?.aborted) forward.onAbort(user.reason);
    else if (user !== undefined) watchAbort(user, forward);
    const pool = new Pool<J, R>(this.#fn, {
      workers: this.#options.concurrency,
      ordered: this.#options.ordered,
      timeout: this.#options.timeout,
      grace: this.#options.grace,
      thread: this.#options.thread,
      signal: stop.signal,
      // The producer below runs in the loop's context, as the workers do: no job needs its own.
      [SHARED_CONTEXT]: true,
    });
    const jobs = pool.jobs;
    const pull = new Pull();
    const source = this.#source;
    pull.done = (async () => {
      try {
        if (Symbol.asyncIterator in source) {
          for await (const input of source) {
            // jobs.send, not submit: no priority, and any refusal means the same here.
            try {
              await jobs.send(input);
            } catch {
              this.cancelled.push(input); // pulled, never accepted: the pool was cancelled meanwhile
              break;
            }
          }
        } else {
          // A sync source is pulled as for await would pull it (a promise among
          // the inputs is awaited), without the async wrapper's promises per input.
          for (const x of source) {
            const input = isThenable(x) ? await x : x;
            try {
              await jobs.send(input);
            } catch {
              this.cancelled.push(input);
              break;
            }
          }
        }
      } catch (e) {
        pull.failed = true;
        pull.error = e;
      } finally {
        if (!stop.signal.aborted) pool.close();
      }
    })();
    return new MapSteps(pool.results[Symbol.asyncIterator](), pull, stop, () => {
      if (user !== undefined) unwatchAbort(user, forward);
    }, this.cancelled);
  }
}


/** How the producer that pulls the source ended. */
class Pull {
  done: Promise<void> = Promise.resolve();
  failed = false;
  error: unknown = undefined;
}

const FINISHED: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The stream's iterator: each step is a step of the results channel, with no
 * generator between (an async generator adds a hop and a promise per result).
 * When results close it waits for the producer and rethrows the source's
 * error; `return()` (the loop ended early) cancels the pool and lists what
 * was pulled but not delivered.
 */
class MapSteps<J, R> implements AsyncIterator<Result<J, R>> {
  #ended = false;
  readonly #step = (r: IteratorResult<Result<J, R>>): IteratorResult<Result<J, R>> | Promise<IteratorResult<Result<J, R>>> =>
    r.done === true ? this.#finish() : r;

  readonly #results: AsyncIterator<Result<J, R>>;
  readonly #pull: Pull;
  readonly #stop: AbortController;
  readonly #release: () => void;
  readonly #cancelled: J[];

  constructor(results: AsyncIterator<Result<J, R>>, pull: Pull, stop: AbortController, release: () => void, cancelled: J[]) {
    this.#results = results;
    this.#pull = pull;
    this.#stop = stop;
    this.#release = release;
    this.#cancelled = cancelled;
  }

  next(): Promise<IteratorResult<Result<J, R>>> {
    if (this.#ended) return Promise.resolve(FINISHED);
    return this.#results.next().then(this.#step);
  }

  async return(): Promise<IteratorResult<Result<J, R>>> {
    if (this.#ended) return FINISHED;
    this.#ended = true;
    try {
      this.#stop.abort(new Error("map: the loop ended early"));
      for (let r = await this.#results.next(); r.done !== true; r = await this.#results.next()) this.#cancelled.push(r.value.job);
      await this.#pull.done;
    } finally {
      this.#release();
    }
    return FINISHED;
  }

  async #finish(): Promise<IteratorResult<Result<J, R>>> {
    this.#ended = true;
    try {
      await this.#pull.done;
    } finally {
      this.#release();
    }
    if (this.#pull.failed) throw this.#pull.error;
    return FINISHED;
  }
}

/**
 * Runs `fn` over every input of `source`, `concurrency` at a time, and streams
 * the results. `fn` is a function (run on this thread) or a handler module
 * (run on threads, as a Pool given a module does). It streams
 * the results: a worker pool in one line. Each result says how its input
 * ended (`done`, `failed`, `timeout`, `cancelled`), so one failure does not
 * stop the others. If the source itself throws, the results of the inputs
 * already pulled come first, then the loop throws that error.
 *
 * @example
 * ```ts
 * for await (const r of map([1, 2, 3, 4], async (n) => n * n, { concurrency: 2, ordered: true })) {
 *   console.log(r.job, "->", r.value); // 1 -> 1, 2 -> 4, 3 -> 9, 4 -> 16
 * }
 * ```
 */
export function map<J, R>(
  source: Iterable<J> | AsyncIterable<J>,
  fn: Handler<J, R> | URL | string | ThreadSource,
  options: MapOptions = {},
): Mapped<J, R> {
  if (source === null || typeof source !== "object" || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw new TypeError("map: source must be an iterable or an async iterable");
  }
  if (typeof options !== "object" || options === null) throw new TypeError("map: options must be an object");
  // Checked here, at the call, not when the loop starts.
  if (options.concurrency !== undefined) count(options.concurrency, "concurrency", 1);
  if (options.timeout !== undefined) duration(options.timeout, "timeout");
  if (options.grace !== undefined) duration(options.grace, "grace", true);
  if (options.signal !== undefined) checkSignal(options.signal, "map");
  if (typeof fn !== "function") moduleOf(fn); // checks it now; the pool takes it as given
  return new Mapped(source, fn, options);
}
