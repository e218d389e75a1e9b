/**
 * Producer: the seeds' flow (jobs.send, close, results, wait) with the
 * queue in Redis, through BullMQ.
 *
 *   jobs.send ──► outbox ──► BullMQ queue (Redis) ──► serve() in any process
 *                                                           │
 *   results ◄── dedupe by job id ◄── gochan:results list ◄──┘
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
import { CAN_SEND, checkSignal, DRAINED, EMPTY, IS_CLOSED, QUEUES, RECV_NOW, ROOM, SEND_NOW, SHARE, signalOf, unwatchAbort, watchAbort, yielding } from "../channel/internal.js";
import { JobTimeoutError } from "../pool/result.js";
import type { SubmitOptions } from "../pool/types.js";
import type { Queue, RedisClient } from "bullmq";
import { backoffOf, connectionOf, count, keepOf, ms, msOr, prefixOf, queueOf } from "./check.js";
import { errorKind, Health } from "./health.js";
import type { Connection, RemoteResult, ProducerOptions, ProducerStats } from "./types.js";
import { bullPriority, checkJson, keys, loadBullmq, RedisUnavailableError, RemoteError, waitingKeys, type Envelope, type Keys, type Wire } from "./wire.js";

type Client = RedisClient;

interface Pending<J> {
  readonly job: J;
  readonly add: BulkJob;
  added: boolean;
}
interface BulkJob {
  readonly name: string;
  readonly data: Envelope<unknown>;
  readonly opts: Record<string, unknown>;
}
interface Entry<J> {
  readonly job: J;
  readonly priority: number;
}

const DEFAULT_BUFFER = 1000;
const BATCH = 500;
const FLUSHES = 4;
/** How long a waiting sender's next count of Redis waits when few results came, in ms. */
const COUNT_AFTER = 20;
/** Most results popped in one round trip. */
const POP = 1000;
/** How often the producer looks at which of its jobs workers hold, in ms. */
const LOOK = 1000;

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
  readonly #waiting: ReturnType<typeof waitingKeys>;
  readonly #runId = Math.random().toString(36).slice(2, 10);
  readonly #buffer: number;
  readonly #timeout: number | undefined;
  readonly #jobOpts: Record<string, unknown>;
  readonly #signal: AbortSignal | undefined;
  readonly #connection: Connection;
  readonly #prefix: string;
  readonly #outage: number;

  #bull: Queue | undefined;
  #client: Client | undefined;
  #health: Health | undefined;
  readonly #ready: Promise<void>;
  #seq = 0;
  #batch: Pending<J>[] = [];
  #flushing = 0;
  #flushScheduled = false;
  /** Redis's waiting count at the last look, and the jobs that may not be in it. */
  #lastCount = 0;
  #uncounted = 0;
  /** Jobs reported since the last count was sent: only they can have left the queue, so they decide when counting again is worth a round trip. */
  #reportedSinceCount = 0;
  /** How many of those make a count worth it: an eighth of `buffer` (at most BATCH / 2), so room opens in batches, not one job at a time. */
  readonly #countEvery: number;
  /** Accepted jobs that addBulk has not yet confirmed. */
  #notAdded = 0;
  #counting = false;
  /** Whether the queue was full and not yet a batch's worth of room has come back (see #open). */
  #full = false;
  #countTimer: ReturnType<typeof setTimeout> | undefined;
  #inputsClosed = false;
  /**
   * Whether jobs go to BullMQ's prioritized set: from the first job with a
   * priority other than 0 on. Until then they go to its plain wait list,
   * which costs Redis about a quarter less per job; jobs already waiting
   * there when the first priority comes run before it (BullMQ serves the
   * wait list first), and every job after it is ordered by priority.
   */
  #prioritizing = false;
  /** This run's jobs active in Redis at the last look: with their worker's lock, and with it lapsed (a dead or frozen worker). */
  #held = { running: 0, stalled: 0 };
  #looking = false;
  #lookTimer: ReturnType<typeof setInterval> | undefined;
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
    this.#countEvery = Math.max(1, Math.floor(Math.min(this.#buffer / 8, BATCH / 2)));
    this.#out = new Channel(count(options.results ?? this.#buffer, "results", 0));
    this.#timeout = options.timeout === undefined ? undefined : ms(options.timeout, "timeout");
    this.#outage = msOr(options.outage, "outage", 30_000);
    const attempts = count(options.attempts ?? 1, "attempts", 1);
    if (options.keep !== undefined && (options.keep === null || typeof options.keep !== "object")) throw new TypeError("gochan/bullmq: keep must be { completed?, failed? }");
    this.#jobOpts = {
      attempts,
      ...(options.backoff !== undefined ? { backoff: backoffOf(options.backoff) } : {}),
      removeOnComplete: keepOf(options.keep?.completed, "keep.completed", 1000),
      removeOnFail: keepOf(options.keep?.failed, "keep.failed", 5000),
    };
    this.#signal = options.signal === undefined ? undefined : checkSignal(options.signal, "gochan/bullmq: producer");
    this.#connection = connectionOf(options.connection);
    this.#prefix = prefixOf(options.prefix);
    this.#keys = keys(this.#prefix, queue);
    this.#waiting = waitingKeys(this.#prefix, queue);
    const host: OutboxHost = {
      room: () => this.#open(),
      closing: () => this.#inputsClose(),
      cap: this.#buffer,
      refusal: () => (this.#failure !== undefined ? { why: this.#failure } : this.#signal?.aborted ? { why: this.#signal.reason } : undefined),
    };
    this.#input = new Outbox<J>(host, (job) => this.#accept(job, 0), (j) => j);
    this.#prioritized = new Outbox<Entry<J>>(host, (e) => this.#accept(e.job, e.priority), (e) => e.job);
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
    const stalled = Math.min(unreported, this.#held.stalled);
    const running = Math.min(unreported - stalled, this.#held.running);
    return { ...this.#counts, unreported, queued: Math.min(unreported, this.#lastCount + this.#uncounted), running, stalled };
  }

  // ---- the jobs side -------------------------------------------------------

  /** How many more jobs may be sent now without `buffer` jobs waiting in Redis. */
  #room(): number {
    if (this.#inputsClosed || this.#failure !== undefined) return 0;
    const unsettled = this.#pending.size;
    const waiting = Math.min(unsettled, this.#lastCount + this.#uncounted);
    return this.#buffer - waiting;
  }

  /**
   * The room a send may take now. Once the queue is full, room comes back
   * a few jobs at a time (a worker takes its next job as it finishes one,
   * and results come back as they finish); letting a waiting sender in at
   * each would add jobs a dozen per `addBulk`, and each call costs its
   * pipeline and its round trip whatever its size (1,400 calls for 20,000
   * jobs at `buffer` 1000, a tenth of the producer's CPU). So once full,
   * sends wait until a batch's worth (`#countEvery`) is free again. The
   * bound stays `buffer`: this only waits longer under it.
   */
  #open(): number {
    const room = this.#room();
    if (this.#full) {
      if (room < this.#countEvery) return 0;
      this.#full = false;
    } else if (room <= 0) this.#full = true;
    return room;
  }

  #accept(job: J, priority: number): void {
    const id = `${this.#runId}-${++this.#seq}`;
    const data: Envelope<J> = this.#timeout === undefined ? { j: job } : { j: job, t: this.#timeout };
    if (priority !== 0) this.#prioritizing = true;
    const opts = this.#prioritizing ? { ...this.#jobOpts, jobId: id, priority: bullPriority(priority) } : { ...this.#jobOpts, jobId: id };
    const p: Pending<J> = { job, added: false, add: { name: "job", data, opts } };
    this.#pending.set(id, p);
    this.#batch.push(p);
    this.#counts.submitted++;
    this.#uncounted++;
    this.#notAdded++;
    if (this.#room() <= 0) this.#countNowOrSoon(); // full: the next send will wait, so have a count on its way
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#flushing >= FLUSHES) return;
    this.#flushScheduled = true;
    setImmediate(this.#flushSoon, true);
  }

  /**
   * A sender's loop that has run a while yields to the event loop (channel
   * pacing, D1) by a setImmediate queued after this one: flushing first
   * would add the few jobs sent so far alone and the rest of the batch in a
   * second `addBulk`. So once, while such a yield is pending, the flush
   * goes after it.
   */
  readonly #flushSoon = (wait: boolean): void => {
    if (wait && yielding()) return void setImmediate(this.#flushSoon, false);
    this.#flushScheduled = false;
    void this.#flush();
  };

  /** Adds the batch to Redis in one round trip; retried while Redis is away. */
  async #flush(): Promise<void> {
    if (this.#batch.length === 0 || this.#failure !== undefined) return;
    await this.#ready;
    const batch = this.#batch.splice(0, BATCH);
    if (this.#batch.length > 0) this.#scheduleFlush();
    this.#flushing++;
    try {
      await this.#bull!.addBulk(batch.filter((p) => !p.added).map((p) => p.add) as never);
      for (const p of batch) if (!p.added) {
        p.added = true;
        this.#notAdded--;
      }
    } catch (e) {
      // Redis is away: put them back in front, and try again shortly (Health gives up past the bound).
      // Anything else (out of memory, a refused command) would only repeat: it ends the run.
      this.#batch.unshift(...batch.filter((p) => !p.added));
      if (errorKind(e) === "other") this.#fail(e);
      else await sleep(100);
    } finally {
      this.#flushing--;
    }
    if (this.#batch.length > 0) this.#scheduleFlush();
  }

  /**
   * While a sender waits for room: counts again at once if enough jobs were
   * reported since the last count for the room it finds to be worth a
   * batch, else in COUNT_AFTER ms (the workers take jobs whether or not
   * anyone reads the results). Counting after every result opened room a
   * few jobs at a time: a round trip per count and an `addBulk` of a few
   * jobs each, half the throughput at `buffer` 1000. The queue does not
   * run dry meanwhile: it holds most of `buffer`.
   */
  #maybeRecount(): void {
    if (this.#open() <= 0 && this.#parked()) this.#countNowOrSoon();
  }

  #countNowOrSoon(): void {
    if (this.#reportedSinceCount >= this.#countEvery) this.#recount();
    else this.#recountSoon();
  }

  /** Asks Redis how many jobs wait, once at a time, while senders wait for room. */
  #recount(): void {
    if (this.#counting || this.#client === undefined || this.#finished) return;
    this.#counting = true;
    this.#reportedSinceCount = 0;
    const notAdded = this.#notAdded;
    const accepted = this.#counts.submitted;
    const w = this.#waiting;
    const m = this.#client.multi();
    m.llen(w.wait);
    m.runCommand("zcard", [w.prioritized]);
    m.llen(w.paused);
    m.exec().then(
      (rows) => {
        this.#counting = false;
        if (rows === null) return;
        let n = 0;
        for (const [err, v] of rows) if (err === null) n += Number(v);
        this.#lastCount = n;
        // Jobs not yet in Redis when it counted, and every job accepted since, may be missing from n.
        this.#uncounted = notAdded + (this.#counts.submitted - accepted);
        this.#pullParked();
        this.#maybeRecount(); // still full: count again, now or shortly
      },
      () => {
        this.#counting = false;
        this.#recountSoon();
      },
    );
  }

  #recountSoon(): void {
    if (this.#countTimer !== undefined || this.#finished) return;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      this.#recount();
    }, COUNT_AFTER);
  }

  #parked(): boolean {
    return this.#input.hasParked() || this.#prioritized.hasParked();
  }

  /** Moves parked senders in while there is room: a prioritized one first if it outranks plain jobs. */
  #pullParked(): void {
    while (this.#open() > 0) {
      const head = this.#prioritized.firstParked();
      if (head !== undefined && head.priority > 0 ? this.#prioritized.pull() : this.#input.pull() || this.#prioritized.pull()) continue;
      break;
    }
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
    this.#lookTimer = setInterval(() => void this.#look(), LOOK);
    (this.#lookTimer as { unref?: () => void }).unref?.();
  }

  /**
   * Looks at which of this run's jobs workers hold: those active in Redis,
   * and among them those whose lock has lapsed. A lapsed lock means the
   * worker died or its event loop froze past `lockDuration`; the job waits
   * for BullMQ's stalled check to hand it on, which may take up to about
   * `lockDuration + 2 × stalledInterval` (a minute with BullMQ's defaults).
   * `stats()` shows both, so a run waiting on such jobs is visibly waiting.
   * Two round trips a second, and only while jobs are unreported.
   */
  async #look(): Promise<void> {
    if (this.#looking || this.#client === undefined || this.#finished) return;
    if (this.#pending.size === 0) {
      this.#held = { running: 0, stalled: 0 };
      return;
    }
    this.#looking = true;
    try {
      const base = `${this.#prefix}:${this.queue}:`;
      const ours = `${this.#runId}-`;
      const ids = ((await this.#client.lrange(`${base}active`, 0, -1)) as string[]).filter((id) => id.startsWith(ours));
      let stalled = 0;
      if (ids.length > 0) {
        const m = this.#client.pipeline();
        for (const id of ids) m.runCommand("exists", [`${base}${id}:lock`]);
        for (const [e, v] of (await m.exec()) ?? []) if (e === null && Number(v) === 0) stalled++;
      }
      this.#held = { running: ids.length - stalled, stalled };
    } catch {
      // Redis away: the last look stands
    } finally {
      this.#looking = false;
    }
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
      for (let i = 0; i < again.length; i += BATCH) await this.#bull!.addBulk(again.slice(i, i + BATCH).map((p) => p.add) as never);
      await client.set(this.#keys.run, this.#runId);
      this.#counts.resent += again.length;
    } catch {
      // down again: the next ready retries
    }
  }

  /** Whether Redis has BLMPOP (7.0 and later); cleared at the first "unknown command". */
  #blmpop = true;

  /** Pops results in batches, reports each once, and lets waiting senders in as room opens. */
  async #receive(client: Client): Promise<void> {
    const key = this.#keys.results;
    while (!this.#finished) {
      let items: string[];
      try {
        if (this.#blmpop) {
          // Redis 7: a batch in one blocking round trip.
          const got = (await client.runCommand("blmpop", [1, 1, key, "LEFT", "COUNT", POP])) as [string, string[]] | null;
          if (got === null) continue;
          items = got[1];
        } else {
          const got = (await client.runCommand("blpop", [key, 1])) as [string, string] | null;
          if (got === null) continue;
          items = [got[1]];
          const more = (await client.runCommand("lpop", [key, POP])) as string[] | null;
          if (more !== null) items.push(...more);
        }
      } catch (e) {
        if (this.#finished) return;
        if (this.#blmpop && /unknown command/i.test(String((e as Error)?.message))) {
          this.#blmpop = false; // Redis before 7: BLPOP for the first, LPOP for the rest
          continue;
        }
        if (errorKind(e) === "other") return this.#fail(e);
        await sleep(50);
        continue;
      }
      for (const s of items) {
        const r = this.#resultOf(JSON.parse(s) as Wire);
        if (r !== undefined) {
          const full = this.#report(r);
          if (full !== undefined) await full;
        }
      }
      this.#pullParked();
      this.#maybeRecount();
    }
  }

  #resultOf(w: Wire): RemoteResult<J, R> | undefined {
    const p = this.#pending.get(w.id);
    if (p === undefined) {
      if (w.id.startsWith(`${this.#runId}-`)) this.#counts.duplicates++;
      return undefined;
    }
    this.#pending.delete(w.id);
    this.#reportedSinceCount++;
    const where = { worker: w.w as number, host: w.h, pid: w.p, duration: w.d };
    switch (w.s) {
      case "done":
        return { status: "done", job: p.job, value: w.v as R, ...where };
      case "failed":
        return { status: "failed", job: p.job, error: new RemoteError(w.e!), ...where };
      case "timeout":
        return { status: "timeout", job: p.job, error: new JobTimeoutError((w.e?.fields["timeout"] as number | undefined) ?? this.#timeout ?? 0), ...where };
      case "cancelled":
        return { status: "cancelled", job: p.job, error: this.#signal?.reason ?? new RemoteError(w.e!), ...where };
    }
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
    if (this.#countTimer !== undefined) clearTimeout(this.#countTimer);
    if (this.#lookTimer !== undefined) clearInterval(this.#lookTimer);
    this.#held = { running: 0, stalled: 0 };
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
    this.#batch.length = 0;
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
    for (const p of this.#batch.splice(0)) {
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
      while (this.#flushing > 0) await sleep(5);
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

/**
 * The producer's jobs channel: a channel flavor (like the pool's Intake)
 * that buffers nothing itself. A send completes at once while Redis has
 * room for it, and parks otherwise; the producer pulls parked senders in
 * as room opens. A value JSON cannot carry is refused at the send.
 */
interface OutboxHost {
  room(): number;
  closing(): void;
  readonly cap: number;
  /** Why sends are refused, if the producer was cancelled or gave up. */
  refusal(): { why: unknown } | undefined;
}

class Outbox<T> extends Channel<T> {
  readonly #producer: OutboxHost;
  readonly #offer: (value: T) => void;
  readonly #jobOf: (value: T) => unknown;

  constructor(
    producer: OutboxHost,
    offer: (value: T) => void,
    jobOf: (value: T) => unknown) {
    super(0);
    this.#producer = producer;
    this.#offer = offer;
    this.#jobOf = jobOf;
    // A job leaves for the broker as JSON: every send (plain, try, or a
    // select's case) is checked at the call, as a channel shared with
    // another thread checks that its values can be cloned.
    this[SHARE]({
      cells: null,
      admit: (value) => {
        checkJson(this.#jobOf(value as T), "job");
        const refused = this.#producer.refusal();
        if (refused !== undefined) throw refused.why;
      },
    });
  }

  override [ROOM](): number {
    return this.#producer.cap;
  }

  override [SEND_NOW](value: T): boolean {
    if (this.#producer.room() <= 0) return false;
    this.#offer(value);
    return true;
  }

  override [CAN_SEND](): boolean {
    return this[IS_CLOSED] || this.#producer.room() > 0;
  }

  /** Whether a sender waits for room (the channel's queue head: null when none; O(1), unlike `sendq`, which counts). */
  hasParked(): boolean {
    return this[QUEUES].send !== null;
  }

  firstParked(): T | undefined {
    return this[QUEUES].send?.value;
  }

  /** Takes the oldest parked sender's value into the producer; false if none is parked. */
  pull(): boolean {
    const v = this[RECV_NOW]();
    if (v === EMPTY || v === DRAINED) return false;
    this.#offer(v);
    return true;
  }

  override close(): void {
    super.close();
    this.#producer.closing();
  }
}

const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));
