/**
 * Producer: the seeds' flow (jobs.send, close, results, wait) with the
 * queue in Redis, through BullMQ.
 *
 *   jobs.send ──► outbox ──► BullMQ queue (Redis) ──► serve() in any process
 *                                                           │
 *   results ◄── dedupe by job id ◄── gochan:results list ◄──┘
 *
 * This file is the run: its options, its jobs until each is reported, its
 * connection and end, its cancel. The parts with state of their own are
 * beside it: outbox.ts (the jobs channel), room.ts (how many jobs may be
 * sent: the `buffer` bound), adds.ts (job ids and options, addBulk in
 * batches), pop.ts (popping the results list), held.ts (which jobs workers
 * hold, for stats()).
 *
 * Why a producer of its own and not a third Runtime under Pool. A Runtime
 * (src/pool/runtime.ts) is given jobs one at a time from the pool's queue,
 * in this process, by a pool that owns priorities, backpressure, stats and
 * cancel because it owns the queue. Here the queue is Redis, shared by
 * workers the producer never sees. Put behind the seam, the jobs would wait
 * twice (in the pool's queue, then in Redis): priorities would order only
 * the local part, `buffer` would bound the local queue and not what waits
 * in Redis, a cancel would drain only the local part, and the pool's
 * `workers` would count jobs in flight rather than workers. So the producer
 * speaks to BullMQ itself, and reuses what is shared rather than the seam:
 * the `Result` shape, `JobTimeoutError`, the channel flavor that makes
 * `jobs` a real channel (select works on it), the signal checks.
 *
 * Invariants:
 * - every accepted job is reported exactly once on `results`; a result
 *   pushed twice (at-least-once delivery) is counted in `duplicates` and
 *   dropped;
 * - a send completes only while fewer than `buffer` jobs wait in Redis
 *   (counted conservatively: the jobs not yet known to be added count as
 *   waiting), so the queue's length never exceeds `buffer`;
 * - priorities order every job sent from the first one with a priority
 *   other than 0 on (BullMQ's prioritized set); a run that never uses one
 *   stays on BullMQ's cheaper plain wait list, FIFO;
 * - the producer keeps every unreported job until its result comes: after
 *   Redis lost its data (a restart without persistence) it sends them again,
 *   and only then writes its run id back (so a reconnect cut short redoes
 *   the whole re-add: the run id in Redis means every unreported job is
 *   there too);
 * - the workers' signal to leave is `done`, written only once every job
 *   has been reported (nothing unreported, the jobs channel closed). It is
 *   never a guess from an empty queue: a queue can be empty for a moment
 *   while Redis is coming back from a restart, while a dead worker's jobs
 *   wait for the stalled check, or while the last results are in Redis and
 *   not yet here, and in each of those cases the workers are still needed.
 */
import { Channel, SendOnClosedChannelError, type RecvChannel, type SendChannel } from "../channel/index.js";
import { checkSignal, IS_CLOSED, signalOf, unwatchAbort, watchAbort } from "../channel/internal.js";
import type { SubmitOptions } from "../pool/types.js";
import type { Queue, RedisClient } from "bullmq";
import { Adds, BATCH, type Pending } from "./adds.js";
import { backoffOf, connectionOf, count, keepOf, ms, msOr, prefixOf, queueOf } from "./check.js";
import { errorKind, Health } from "./health.js";
import { Held } from "./held.js";
import { Outbox, type OutboxHost } from "./outbox.js";
import { ResultsList } from "./pop.js";
import { Room } from "./room.js";
import type { Connection, RemoteResult, ProducerOptions, ProducerStats } from "./types.js";
import { bullPriority, fromWire, keys, loadBullmq, RedisUnavailableError, waitingKeys, type Keys, type Wire } from "./wire.js";

type Client = RedisClient;

interface Entry<J> {
  readonly job: J;
  readonly priority: number;
}

const DEFAULT_BUFFER = 1000;

/**
 * The producer side of a pool whose queue is a BullMQ queue on Redis:
 * send jobs, close, read results, wait, as with gochan/pool's `Pool`. The handlers
 * run in other processes, on any machine, each calling {@link serve} on
 * the same queue name.
 *
 * | Go / gochan/pool                      | gochan/bullmq                                        |
 * | ------------------------------------- | ---------------------------------------------------- |
 * | `new Pool(handler, { workers: 3 })`   | `new Producer("images", { connection })` here, `serve("images", handler, { workers: 3 })` there |
 * | `jobs <- j`                           | `await producer.jobs.send(j)`                        |
 * | `close(jobs)`                         | `producer.jobs.close()`                              |
 * | `<-results`                           | `for await (const r of producer.results)`            |
 *
 * One producer per queue name at a time: a new producer starts a new run
 * (its job ids, its results), and its close is what ends the workers.
 *
 * @example
 * ```ts
 * const producer = new Producer<number, number>("double", { connection: { host: "127.0.0.1", port: 6379 } });
 * void (async () => {
 *   for (let j = 1; j <= 5; j++) await producer.jobs.send(j);
 *   producer.jobs.close();
 * })();
 * for await (const r of producer.results) console.log(`job ${r.job} -> ${r.value} (worker ${r.worker} on ${r.host}:${r.pid})`);
 * await producer.wait();
 * ```
 */
export class Producer<J, R> implements AsyncDisposable {
  /** Send jobs here, and close it when there are no more. A send waits while `buffer` jobs wait in Redis. */
  readonly jobs: SendChannel<J>;
  /** Every job's result, once each; closed after the last one. */
  readonly results: RecvChannel<RemoteResult<J, R>>;
  /** The BullMQ queue's name. */
  readonly queue: string;

  readonly #input: Outbox<J>;
  readonly #prioritized: Outbox<Entry<J>>;
  readonly #out: Channel<RemoteResult<J, R>>;
  readonly #pending = new Map<string, Pending<J>>();
  readonly #keys: Keys;
  readonly #room: Room;
  readonly #runId = Math.random().toString(36).slice(2, 10);
  readonly #buffer: number;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #connection: Connection;
  readonly #prefix: string;
  readonly #outage: number;

  #bull: Queue | undefined;
  #client: Client | undefined;
  #health: Health | undefined;
  readonly #ready: Promise<void>;
  readonly #adds: Adds<J>;
  #inputsClosed = false;
  /** Which of this run's jobs workers hold, for stats(). */
  readonly #held: Held;
  #finished = false;
  #failure: unknown;
  readonly #counts = { submitted: 0, completed: 0, failed: 0, timedOut: 0, cancelled: 0, duplicates: 0, resent: 0 };
  #resolveDone!: () => void;
  #rejectDone!: (e: unknown) => void;
  readonly #done: Promise<void>;

  /**
   * Connects at once (sends wait until it has); nothing is sent to Redis
   * before the first job but the run's own keys.
   *
   * @param queue the BullMQ queue's name; the workers `serve` the same name.
   * @throws TypeError for an empty queue name (or one with `:`), a bad
   *   `signal`, `prefix`, `backoff` or `connection` (a URL string is refused:
   *   pass `{ host, port, password }` or an ioredis instance);
   *   RangeError for a bad `buffer`, `results`, `timeout`, `attempts`,
   *   `outage`, `keep` count or `connection.port`. Durations are ms above 0
   *   and at most 2^31 - 1.
   */
  constructor(queue: string, options: ProducerOptions = {}) {
    this.queue = queueOf(queue);
    if (options === null || typeof options !== "object") throw new TypeError("gochan/bullmq: Producer: options must be an object");
    this.#buffer = count(options.buffer ?? DEFAULT_BUFFER, "buffer", 1);
    this.#out = new Channel(count(options.results ?? this.#buffer, "results", 0));
    this.#timeout = options.timeout === undefined ? undefined : ms(options.timeout, "timeout");
    this.#outage = msOr(options.outage, "outage", 30_000);
    const attempts = count(options.attempts ?? 1, "attempts", 1);
    if (options.keep !== undefined && (options.keep === null || typeof options.keep !== "object")) throw new TypeError("gochan/bullmq: keep must be { completed?, failed? }");
    const jobOpts = {
      attempts,
      ...(options.backoff !== undefined ? { backoff: backoffOf(options.backoff) } : {}),
      removeOnComplete: keepOf(options.keep?.completed, "keep.completed", 1000),
      removeOnFail: keepOf(options.keep?.failed, "keep.failed", 5000),
    };
    this.#signal = options.signal === undefined ? undefined : checkSignal(options.signal, "gochan/bullmq: producer");
    this.#connection = connectionOf(options.connection);
    this.#prefix = prefixOf(options.prefix);
    this.#keys = keys(this.#prefix, queue);
    this.#adds = new Adds<J>(this.#runId, jobOpts, this.#timeout, {
      ready: () => this.#ready,
      queue: () => this.#bull!,
      failed: () => this.#failure !== undefined,
      fail: (e) => this.#fail(e),
      added: () => this.#room.added(),
    });
    this.#room = new Room(this.#buffer, Math.max(1, Math.floor(Math.min(this.#buffer / 8, BATCH / 2))), waitingKeys(this.#prefix, queue), {
      unreported: () => this.#pending.size,
      accepting: () => !this.#inputsClosed && this.#failure === undefined,
      finished: () => this.#finished,
      client: () => this.#client,
    });
    this.#held = new Held(`${this.#prefix}:${this.queue}:`, `${this.#runId}-`, {
      client: () => this.#client,
      finished: () => this.#finished,
      unreported: () => this.#pending.size,
    });
    const host: OutboxHost = {
      room: () => this.#room.sendable(),
      closing: () => this.#inputsClose(),
      cap: this.#buffer,
      refusal: () => (this.#failure !== undefined ? { why: this.#failure } : this.#signal?.aborted ? { why: this.#signal.reason } : undefined),
    };
    this.#input = new Outbox<J>(host, (job) => this.#accept(job, 0), (j) => j);
    this.#prioritized = new Outbox<Entry<J>>(host, (e) => this.#accept(e.job, e.priority), (e) => e.job);
    this.#room.inputs(this.#input, this.#prioritized);
    this.jobs = this.#input.sendOnly();
    this.results = this.#out.recvOnly();
    this.#done = new Promise<void>((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    this.#done.catch(() => {}); // rejected for wait(); never unhandled if nobody waits
    this.#ready = this.#start();
    this.#ready.catch((e: unknown) => this.#fail(e));
    if (this.#signal?.aborted) this.#onAbort();
    else if (this.#signal !== undefined) watchAbort(this.#signal, this.#aborter);
  }

  /**
   * Sends `job`, with a priority: higher goes first among waiting jobs,
   * equal priorities keep their order (BullMQ's priorities underneath).
   * Jobs sent before the run's first priority other than 0 and still
   * waiting then run before it: until a priority is used, jobs wait in
   * BullMQ's plain FIFO list, which is cheaper.
   * Waits, as `jobs.send` does, while `buffer` jobs wait in Redis.
   *
   * - Not serializable as JSON: rejects with {@link NotSerializableError}; nothing is sent.
   * - After close: rejects with `SendOnClosedChannelError`.
   * - Cancelled producer: rejects with the signal's reason.
   * - `signal` aborts while waiting for room: rejects with its reason; the job is not sent.
   *
   * @example
   * ```ts
   * await producer.submit({ id: 7, url: "https://example.com/7.jpg" }, { priority: 10 });
   * ```
   */
  submit(job: J, options?: SubmitOptions): Promise<void> {
    if (this.#signal?.aborted) return Promise.reject(this.#signal.reason);
    let sent: Promise<void>;
    if (options === undefined) sent = this.#input.send(job);
    else {
      const priority = options.priority ?? 0;
      if (typeof priority !== "number" || Number.isNaN(priority)) {
        return Promise.reject(new TypeError(`gochan/bullmq: priority must be a number, got ${String(priority)}`));
      }
      try {
        bullPriority(priority);
      } catch (e) {
        return Promise.reject(e);
      }
      const signal = signalOf(options, "gochan/bullmq: submit");
      sent = this.#prioritized.send({ job, priority }, signal === undefined ? undefined : { signal });
    }
    return sent.catch((e: unknown) => {
      if (e instanceof SendOnClosedChannelError) {
        if (this.#signal?.aborted) throw this.#signal.reason;
        if (this.#failure !== undefined) throw this.#failure;
      }
      throw e;
    });
  }

  /**
   * No more jobs: `close(jobs)`. The workers finish what is queued; once
   * the last result is in, `results` closes, every worker learns the run is
   * over and leaves, and `wait()` resolves.
   *
   * @throws CloseOfClosedChannelError if already closed (not after a cancel, which closed it).
   *
   * @example
   * ```ts
   * producer.close();
   * await producer.wait();
   * ```
   */
  close(): void {
    if ((this.#signal?.aborted || this.#failure !== undefined) && this.#input[IS_CLOSED]) return;
    this.#input.close();
  }

  /**
   * Resolves once every job has been reported and `results` is closed.
   * Rejects with {@link RedisUnavailableError} if Redis stayed unreachable
   * past `outage` (results closes then too).
   *
   * @example
   * ```ts
   * producer.jobs.close();
   * await producer.wait();
   * ```
   */
  wait(): Promise<void> {
    return this.#done;
  }

  /**
   * Closes the jobs channel if it is open and waits for the last result.
   *
   * @example
   * ```ts
   * {
   *   await using producer = new Producer<string, number>("sizes");
   *   await producer.jobs.send("a.jpg");
   * } // closed, drained, disconnected here
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#input[IS_CLOSED]) this.close();
    await this.#done;
  }

  /**
   * The producer's counters now.
   *
   * @example
   * ```ts
   * const s = producer.stats();
   * console.log(`${s.completed} done, ${s.duplicates} duplicate deliveries dropped, ${s.unreported} to come`);
   * ```
   */
  stats(): ProducerStats {
    const unreported = this.#pending.size;
    // The look is up to a second old: results since then may have come in.
    const held = this.#held.now;
    const stalled = Math.min(unreported, held.stalled);
    const running = Math.min(unreported - stalled, held.running);
    return { ...this.#counts, unreported, queued: this.#room.queued(), running, stalled };
  }

  // ---- the jobs side -------------------------------------------------------

  #accept(job: J, priority: number): void {
    const [id, p] = this.#adds.add(job, priority);
    this.#pending.set(id, p);
    this.#counts.submitted++;
    this.#room.accepted();
  }

  /** The jobs channel closed (by close, a cancel or a failure). */
  #inputsClose(): void {
    for (const ch of [this.#input, this.#prioritized]) if (!ch[IS_CLOSED]) ch.close();
    if (this.#inputsClosed) return;
    this.#inputsClosed = true;
    this.#finishIfDone();
  }

  // ---- the results side ----------------------------------------------------

  async #start(): Promise<void> {
    // Until the connection's own Health watches it, an unreachable Redis at the start is bounded here.
    const t0 = Date.now();
    const guard = setTimeout(() => this.#fail(new RedisUnavailableError(Date.now() - t0, this.#pending.size)), this.#outage);
    try {
      await this.#connect();
    } finally {
      clearTimeout(guard);
    }
  }

  async #connect(): Promise<void> {
    const { Queue } = await loadBullmq();
    const q = new Queue(this.queue, { connection: this.#connection as never, prefix: this.#prefix });
    q.on("error", () => {}); // reconnects are ioredis's; Health reports an outage
    this.#bull = q;
    const main = await q.getBackend().client;
    const client = main.duplicate();
    client.on("error", () => {});
    this.#client = client;
    this.#health = new Health(client, this.#outage, () => void this.#reconnected(), (e) => this.#fail(e), () => this.#pending.size);
    await client.multi().del(this.#keys.done).del(this.#keys.cancel).del(this.#keys.results).runCommand("set", [this.#keys.run, this.#runId]).exec();
    if (this.#finished) return; // an empty run, or a failure: disconnect() finishes up
    void this.#receive(client);
    if (this.#signal?.aborted) void this.#cancelRemote();
    this.#held.start();
  }

  /**
   * After a reconnect: if Redis lost its data, put the unreported jobs back,
   * then the run id. In that order: a re-add cut short by another outage
   * leaves the run id missing, so the next reconnect does it all again (a
   * job id already in Redis is not added twice).
   */
  async #reconnected(): Promise<void> {
    const client = this.#client!;
    try {
      if ((await client.get(this.#keys.run)) === this.#runId) return;
      if (this.#signal?.aborted) await client.set(this.#keys.cancel, "1");
      const again = [...this.#pending.values()].filter((p) => p.added);
      await this.#adds.readd(again);
      await client.set(this.#keys.run, this.#runId);
      this.#counts.resent += again.length;
    } catch {
      // down again: the next ready retries
    }
  }

  /** Pops results in batches, reports each once, and lets waiting senders in as room opens. */
  async #receive(client: Client): Promise<void> {
    const list = new ResultsList(client, this.#keys.results);
    while (!this.#finished) {
      let items: string[] | null;
      try {
        items = await list.pop();
      } catch (e) {
        if (this.#finished) return;
        if (errorKind(e) === "other") return this.#fail(e);
        await sleep(50);
        continue;
      }
      if (items === null) continue;
      for (const s of items) {
        const r = this.#resultOf(JSON.parse(s) as Wire);
        if (r !== undefined) {
          const full = this.#report(r);
          if (full !== undefined) await full;
        }
      }
      this.#room.afterResults();
    }
  }

  #resultOf(w: Wire): RemoteResult<J, R> | undefined {
    const p = this.#pending.get(w.id);
    if (p === undefined) {
      if (w.id.startsWith(`${this.#runId}-`)) this.#counts.duplicates++;
      return undefined;
    }
    this.#pending.delete(w.id);
    this.#room.reported();
    return fromWire<J, R>(w, p.job, this.#timeout, this.#signal?.reason);
  }

  /** Puts `r` on `results`; a promise only when the reader is behind (no await per result otherwise). */
  #report(r: RemoteResult<J, R>): Promise<void> | undefined {
    switch (r.status) {
      case "done": this.#counts.completed++; break;
      case "failed": this.#counts.failed++; break;
      case "timeout": this.#counts.timedOut++; break;
      case "cancelled": this.#counts.cancelled++; break;
    }
    if (!this.#out.trySend(r)) return this.#out.send(r).then(() => this.#finishIfDone(), () => this.#finishIfDone());
    this.#finishIfDone();
    return undefined;
  }

  #finishIfDone(): void {
    if (this.#finished || !this.#inputsClosed || this.#pending.size > 0) return;
    this.#finished = true;
    this.#out.close();
    void this.#disconnect().then(() => (this.#failure === undefined ? this.#resolveDone() : this.#rejectDone(this.#failure)));
  }

  async #disconnect(): Promise<void> {
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this.#aborter);
    this.#health?.stop();
    this.#room.stop();
    this.#held.stop();
    if (this.#failure === undefined) {
      // Set up completely (an empty run can end before it is), then tell the workers the run is over. Every
      // result is here already, so an outage now costs nothing but the workers' leaving: try for `outage` ms.
      await this.#ready.catch(() => {});
      for (const t0 = Date.now(); this.#failure === undefined && this.#client !== undefined; await sleep(100)) {
        const written = await this.#client.set(this.#keys.done, String(Date.now())).then(() => true, () => false);
        if (written || Date.now() - t0 > this.#outage) break;
      }
    }
    try {
      if (this.#failure === undefined) {
        await this.#client?.quit().catch(() => {});
        await this.#bull?.close();
      } else {
        // Redis is away: drop the connections without waiting on them.
        this.#client?.disconnect();
        void this.#bull?.disconnect().catch(() => {});
      }
    } catch {
      // already gone
    }
  }

  /** Redis stayed away past the bound, or bullmq could not load: everything still open ends with `e`. */
  #fail(e: unknown): void {
    if (this.#failure !== undefined || (this.#finished && this.#pending.size === 0)) return;
    this.#failure = e;
    this.#inputsClose();
    this.#pending.clear();
    this.#adds.drop();
    if (!this.#finished) {
      this.#finished = true;
      this.#out.close();
    }
    void this.#disconnect().then(() => this.#rejectDone(e));
  }

  // ---- cancel --------------------------------------------------------------

  readonly #aborter = { onAbort: () => this.#onAbort() };

  /** The signal aborted: no more jobs; those not yet in Redis are reported at once, the waiting ones once removed. */
  #onAbort(): void {
    this.#inputsClose();
    const reason = this.#signal!.reason;
    for (const p of this.#adds.drop()) {
      const id = p.add.opts.jobId as string;
      this.#pending.delete(id);
      void this.#report({ status: "cancelled", job: p.job, error: reason, worker: undefined, host: undefined, pid: undefined, duration: 0 });
    }
    if (this.#client !== undefined) void this.#cancelRemote();
  }

  async #cancelRemote(): Promise<void> {
    const reason = this.#signal!.reason;
    try {
      await this.#client!.set(this.#keys.cancel, "1");
      while (this.#adds.flushing > 0) await sleep(5);
      const ids = [...this.#pending.keys()];
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const removed = await Promise.all(chunk.map((id) => this.#bull!.remove(id).catch(() => 0)));
        chunk.forEach((id, k) => {
          const p = this.#pending.get(id);
          if (removed[k] !== 1 || p === undefined) return; // running (its worker reports it), or reported meanwhile
          this.#pending.delete(id);
          void this.#report({ status: "cancelled", job: p.job, error: reason, worker: undefined, host: undefined, pid: undefined, duration: 0 });
        });
      }
    } catch {
      // Redis away: the workers, seeing the cancel key once it lands, report the rest
    }
  }
}

const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));
