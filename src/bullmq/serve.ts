/**
 * serve: a worker process of a distributed pool. It runs a BullMQ Worker
 * on the queue with `workers` handlers at once, and for each job pushes
 * the result onto the run's results list before BullMQ marks the job
 * finished (on the same connection, so Redis runs the push first). If the process dies between the two, BullMQ's stalled-job
 * check hands the job to another process, which runs it and pushes again:
 * the producer keeps the first result per job id. Delivery is at least
 * once; reporting is exactly once.
 *
 * Invariants:
 * - at most `workers` handlers run at once, counting a handler that overran
 *   its timeout: its result goes out at the deadline, but its worker stays
 *   busy until it really settles (as in the pool);
 * - a handler's failure is retried by BullMQ while attempts remain, and
 *   reported only on the last one; a timeout or an unserializable result
 *   is final;
 * - the process leaves (done resolves) only once the producer says its run
 *   is over (the `done` key: every job reported), never on an empty queue
 *   alone: a job of a dead process waiting for the stalled check, jobs the
 *   producer is putting back after Redis lost its data, or results lost
 *   with that data all still need a live worker.
 */
import { beforeDeadline, inTime, settle, type Settled } from "../pool/deadline.js";
import { hostname } from "node:os";
import { checkSignal, unwatchAbort, watchAbort } from "../channel/internal.js";
import { JobTimeoutError } from "../pool/result.js";
import type { Handler } from "../pool/types.js";
import type { Job as BullJob, Queue, RedisClient, Worker } from "bullmq";
import { connectionOf, count, msOr, prefixOf, queueOf } from "./check.js";
import { errorKind, Health } from "./health.js";
import type { ServeOptions, ServeStats } from "./types.js";
import { checkJson, errorToWire, keys, loadBullmq, NotSerializableError, RedisUnavailableError, type Envelope, type Keys, type Wire } from "./wire.js";
import { now as clock } from "../kernel/clock.js";
import { Pushes } from "./pushes.js";

type Bull = Awaited<ReturnType<typeof loadBullmq>>;
type Client = RedisClient;

const HOST = hostname();
/** BullMQ's own defaults, stated here so the docs and the code agree. */
const DEFAULT_LOCK = 30_000;
const DEFAULT_STALLED = 30_000;

/**
 * Runs `handler` on the jobs of a BullMQ queue, `workers` at once, until
 * the producer closes the queue and it is empty: the worker side of
 * {@link Producer}. Start one per process, on as many machines as needed.
 *
 * The handler gets the job and a context: `signal` (aborts at the job's
 * timeout or on the producer's cancel) and `worker` (1..workers, this
 * process's slot; the producer's result adds host and pid).
 *
 * @example
 * ```ts
 * // worker.ts, run on each machine: node worker.js
 * const server = serve("double", async (j: number) => j * 2, { connection: { host: "127.0.0.1", port: 6379 }, workers: 4 });
 * process.on("SIGTERM", () => void server.close());
 * await server.done; // the producer closed and the queue is empty
 * ```
 */
export function serve<J, R>(queue: string, handler: Handler<J, R>, options: ServeOptions = {}): Server {
  return new Server(queue, handler as Handler<unknown, unknown>, options);
}

/**
 * A running {@link serve}: its end, a way to stop it, its counters.
 *
 * @example
 * ```ts
 * const server = serve("images", processImage, { workers: 2 });
 * await server.done;
 * console.log(`${server.stats().ran} jobs ran here`);
 * ```
 */
export class Server implements AsyncDisposable {
  /** Resolves once this process has stopped: the producer closed and the queue is empty, or `close()`. Rejects with RedisUnavailableError past the outage bound. */
  readonly done: Promise<void>;
  /** Resolves once this process is connected and taking jobs (it never rejects: a failure rejects `done`). */
  readonly ready: Promise<void>;

  readonly #keys: Keys;
  readonly #pushes: Pushes;
  #readyNow!: () => void;
  readonly #free: number[] = [];
  /** Running handlers by slot: the job's own controller if it has a deadline, else null (it has `cancel`'s signal). */
  readonly #running = new Map<number, AbortController | null>();
  /** Aborts on the producer's cancel: the signal of every job without a deadline, so such a job costs no controller. */
  readonly #cancel = new AbortController();
  #worker: Worker | undefined;
  #bull: Queue | undefined;
  #client: Client | undefined;
  #health: Health | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #cancelled = false;
  #stopping: Promise<void> | undefined;
  #polling = false;
  #ran = 0;
  #unrecorded = 0;
  /** The options, checked, with their defaults. */
  readonly #cfg: { readonly workers: number; readonly prefix: string; readonly connection: object; readonly lockDuration: number; readonly stalledInterval: number; readonly poll: number; readonly outage: number };
  #resolveDone!: () => void;
  #rejectDone!: (e: unknown) => void;
  readonly #signal: AbortSignal | undefined;

  readonly #queue: string;
  readonly #handler: Handler<unknown, unknown>;

  /** @internal use {@link serve}. */
  constructor(
    queue: string,
    handler: Handler<unknown, unknown>,
    options: ServeOptions) {
    this.#queue = queue;
    this.#handler = handler;
    queueOf(queue);
    if (typeof handler !== "function") throw new TypeError("gochan/bullmq: serve: handler must be a function");
    if (options === null || typeof options !== "object") throw new TypeError("gochan/bullmq: serve: options must be an object");
    this.#cfg = {
      workers: count(options.workers ?? 1, "workers", 1),
      prefix: prefixOf(options.prefix),
      connection: connectionOf(options.connection),
      lockDuration: msOr(options.lockDuration, "lockDuration", DEFAULT_LOCK),
      stalledInterval: msOr(options.stalledInterval, "stalledInterval", DEFAULT_STALLED),
      poll: msOr(options.poll, "poll", 100),
      outage: msOr(options.outage, "outage", 30_000),
    };
    for (let w = this.#cfg.workers; w >= 1; w--) this.#free.push(w);
    this.#keys = keys(this.#cfg.prefix, queue);
    this.#pushes = new Pushes(this.#keys.results);
    this.#signal = options.signal === undefined ? undefined : checkSignal(options.signal, "gochan/bullmq: serve");
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    this.done.catch(() => {});
    this.ready = new Promise<void>((resolve) => (this.#readyNow = resolve));
    this.#start().catch((e: unknown) => this.#fail(e));
    if (this.#signal?.aborted) void this.close();
    else if (this.#signal !== undefined) watchAbort(this.#signal, this.#aborter);
  }

  /**
   * Stops taking jobs, lets the running ones finish (their results go out),
   * and disconnects; resolves with `done`. Jobs still waiting stay in Redis
   * for the other processes.
   *
   * @example
   * ```ts
   * process.on("SIGTERM", () => void server.close());
   * ```
   */
  close(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.done;
  }

  /**
   * Closes as `close()` does: what `await using` calls.
   *
   * @example
   * ```ts
   * await using server = serve("images", processImage);
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * This process's counters now.
   *
   * @example
   * ```ts
   * console.log(`${server.stats().running} running, ${server.stats().ran} ran`);
   * ```
   */
  stats(): ServeStats {
    return { ran: this.#ran, running: this.#running.size, unrecorded: this.#unrecorded };
  }

  /** An error BullMQ reported: never dropped (see `errorKind`). */
  #sort(e: unknown): void {
    switch (errorKind(e)) {
      case "connection":
        if (this.#health !== undefined) this.#health.lastError = e; // reconnecting; Health bounds the outage
        break;
      case "job":
        this.#unrecorded++;
        break;
      default:
        this.#fail(e);
    }
  }

  readonly #aborter = { onAbort: () => void this.close() };

  async #start(): Promise<void> {
    // Until the connection's own Health watches it, an unreachable Redis at the start is bounded here.
    const t0 = Date.now();
    const guard = setTimeout(() => this.#fail(new RedisUnavailableError(Date.now() - t0, 0)), this.#cfg.outage);
    try {
      await this.#connect();
    } finally {
      clearTimeout(guard);
    }
  }

  async #connect(): Promise<void> {
    const bull = await loadBullmq();
    const { connection, prefix, workers, lockDuration, stalledInterval, outage, poll } = this.#cfg;
    const q = new bull.Queue(this.#queue, { connection: connection as never, prefix });
    q.on("error", (e) => this.#sort(e));
    this.#bull = q;
    const client = (await q.getBackend().client).duplicate();
    client.on("error", () => {}); // Health watches this one
    this.#client = client;
    this.#health = new Health(client, outage, () => {}, (e) => this.#fail(e), () => 0);
    if (this.#stopping !== undefined) return;
    const w = new bull.Worker(this.#queue, (job) => this.#process(job as BullJob, bull), {
      connection: connection as never,
      prefix,
      concurrency: workers,
      autorun: false, // runs once the push connection is known
      lockDuration,
      stalledInterval,
    });
    w.on("error", (e) => this.#sort(e));
    // A job that stalled past BullMQ's limit fails without our processor: report it, or the producer would wait for ever.
    w.on("failed", (job, err) => {
      if (job !== undefined && /stalled/i.test(err.message)) void this.#push({ id: job.id!, s: "failed", e: errorToWire(err), d: 0 });
    });
    this.#worker = w;
    this.#pushes.client = await w.getBackend().client;
    w.run().catch((e: unknown) => this.#fail(e));
    this.#timer = setInterval(() => void this.#poll(), poll);
    await w.waitUntilReady();
    this.#readyNow();
  }

  /** BullMQ's processor: runs one job and pushes its result (unless BullMQ is to retry it). */
  async #process(job: BullJob, bull: Bull): Promise<void> {
    const id = job.id!;
    const env = job.data as Envelope<unknown>;
    if (this.#cancelled) return this.#push({ id, s: "cancelled", d: 0 }); // never started
    const slot = this.#free.pop()!;
    const ac = env.t === undefined ? null : new AbortController();
    const signal = ac === null ? this.#cancel.signal : ac.signal;
    this.#running.set(slot, ac);
    this.#ran++;
    const where = { w: slot, h: HOST, p: process.pid };
    const start = clock();
    try {
      // The deadline is the pool's, written once (src/pool/deadline.ts); a plain value costs no promise.
      const settled = settle(() => this.#handler(env.j, { signal, worker: slot }));
      let outcome: Settled<unknown>;
      if (env.t !== undefined) {
        const o = await beforeDeadline(settled, start, env.t);
        if (!inTime(o, start, env.t)) {
          const error = new JobTimeoutError(env.t);
          ac!.abort(error);
          await this.#push({ id, s: "timeout", e: errorToWire(error), ...where, d: clock() - start });
          await settled; // the worker stays busy until its handler settles
          throw new bull.UnrecoverableError(error.message);
        }
        outcome = o;
      } else outcome = await settled;
      const d = clock() - start;
      if (outcome.ok) {
        try {
          checkJson(outcome.value, "result");
          return await this.#push({ id, s: "done", v: outcome.value, ...where, d });
        } catch (e) {
          if (!(e instanceof NotSerializableError)) throw e;
          outcome = { ok: false, error: e, at: outcome.at };
        }
      }
      if (this.#cancelled && signal.aborted) return await this.#push({ id, s: "cancelled", ...where, d });
      const error = outcome.error;
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || error instanceof NotSerializableError;
      if (last) await this.#push({ id, s: "failed", e: errorToWire(error), ...where, d });
      if (last && !(error instanceof Error)) throw new bull.UnrecoverableError(String(error));
      throw error instanceof Error ? error : new Error(String(error)); // BullMQ retries while attempts remain
    } finally {
      this.#running.delete(slot);
      this.#free.push(slot);
    }
  }

  /**
   * Pushes a result before its job is marked finished (see Pushes for how
   * the order holds). A process that dies between the two has pushed at
   * most: its job runs again elsewhere, and the producer drops the repeat.
   */
  #push(w: Wire): Promise<void> {
    return this.#pushes.push(JSON.stringify(w));
  }

  /** Looks for the producer's cancel and for the end of its run. */
  async #poll(): Promise<void> {
    if (this.#polling || this.#stopping !== undefined || this.#client === undefined) return;
    this.#polling = true;
    try {
      const [cancel, done] = (await this.#client.runCommand("mget", [this.#keys.cancel, this.#keys.done])) as [string | null, string | null];
      if (cancel !== null && !this.#cancelled) {
        this.#cancelled = true;
        const reason = new Error("gochan/bullmq: cancelled by the producer");
        this.#cancel.abort(reason);
        for (const ac of this.#running.values()) ac?.abort(reason);
      }
      if (done !== null) void this.close();
    } catch {
      // Redis away: Health decides when to give up
    } finally {
      this.#polling = false;
    }
  }

  async #stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this.#aborter);
    try {
      await this.#worker?.close();
      await this.#bull?.close();
    } catch {
      // already gone
    }
    this.#health?.stop();
    this.#client?.disconnect();
    this.#resolveDone();
  }

  #fail(e: unknown): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#health?.stop();
    this.#stopping ??= Promise.resolve();
    void this.#worker?.close(true).catch(() => {});
    this.#worker?.disconnect().catch(() => {});
    this.#bull?.disconnect().catch(() => {});
    this.#client?.disconnect();
    this.#rejectDone(e);
  }
}
