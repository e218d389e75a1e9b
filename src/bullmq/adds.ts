/**
 * A run's jobs on their way into Redis: each job's id and BullMQ options,
 * and `addBulk` in batches, retried while Redis is away. Apart from the
 * producer because sending in batches has its own state and timing (what
 * waits for the next call, how many calls are out) that nothing else reads.
 */
import type { Queue } from "bullmq";
import { yielding } from "../channel/internal.js";
import { errorKind } from "./health.js";
import { bullPriority, type Envelope } from "./wire.js";

/** Most jobs in one addBulk. */
export const BATCH = 500;
/** Most addBulk calls out at once. */
const FLUSHES = 4;

/** A job accepted and not yet reported: kept until its result comes, to be added again if Redis loses it. */
export interface Pending<J> {
  readonly job: J;
  readonly add: BulkJob;
  added: boolean;
}
interface BulkJob {
  readonly name: string;
  readonly data: Envelope<unknown>;
  readonly opts: Record<string, unknown>;
}

/** What the adds read of their producer. */
export interface AddsHost {
  /** Settles once connected: nothing is added before. */
  ready(): Promise<void>;
  queue(): Queue;
  failed(): boolean;
  fail(e: unknown): void;
  /** A job's addBulk was confirmed. */
  added(): void;
}

export class Adds<J> {
  readonly #runId: string;
  readonly #jobOpts: Record<string, unknown>;
  readonly #timeout: number | undefined;
  readonly #host: AddsHost;
  #seq = 0;
  #batch: Pending<J>[] = [];
  #flushing = 0;
  #flushScheduled = false;
  /**
   * Whether jobs go to BullMQ's prioritized set: from the first job with a
   * priority other than 0 on. Until then they go to its plain wait list,
   * which costs Redis about a quarter less per job; jobs already waiting
   * there when the first priority comes run before it (BullMQ serves the
   * wait list first), and every job after it is ordered by priority.
   */
  #prioritizing = false;

  constructor(runId: string, jobOpts: Record<string, unknown>, timeout: number | undefined, host: AddsHost) {
    this.#runId = runId;
    this.#jobOpts = jobOpts;
    this.#timeout = timeout;
    this.#host = host;
  }

  /** addBulk calls out now. */
  get flushing(): number {
    return this.#flushing;
  }

  /** A new job of the run: its id and entry, queued for the next addBulk. */
  add(job: J, priority: number): [string, Pending<J>] {
    const id = `${this.#runId}-${++this.#seq}`;
    const data: Envelope<J> = this.#timeout === undefined ? { j: job } : { j: job, t: this.#timeout };
    if (priority !== 0) this.#prioritizing = true;
    const opts = this.#prioritizing ? { ...this.#jobOpts, jobId: id, priority: bullPriority(priority) } : { ...this.#jobOpts, jobId: id };
    const p: Pending<J> = { job, added: false, add: { name: "job", data, opts } };
    this.#batch.push(p);
    this.#scheduleFlush();
    return [id, p];
  }

  /** Takes back the jobs not yet on their way (a cancel reports them; a failure drops them). */
  drop(): Pending<J>[] {
    return this.#batch.splice(0);
  }

  /** Adds `again` (jobs Redis lost) in batches; throws if Redis goes away meanwhile. */
  async readd(again: Pending<J>[]): Promise<void> {
    for (let i = 0; i < again.length; i += BATCH) await this.#host.queue().addBulk(again.slice(i, i + BATCH).map((p) => p.add) as never);
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
    if (this.#batch.length === 0 || this.#host.failed()) return;
    await this.#host.ready();
    const batch = this.#batch.splice(0, BATCH);
    if (this.#batch.length > 0) this.#scheduleFlush();
    this.#flushing++;
    try {
      await this.#host.queue().addBulk(batch.filter((p) => !p.added).map((p) => p.add) as never);
      for (const p of batch) if (!p.added) {
        p.added = true;
        this.#host.added();
      }
    } catch (e) {
      // Redis is away: put them back in front, and try again shortly (Health gives up past the bound).
      // Anything else (out of memory, a refused command) would only repeat: it ends the run.
      this.#batch.unshift(...batch.filter((p) => !p.added));
      if (errorKind(e) === "other") this.#host.fail(e);
      else await sleep(100);
    } finally {
      this.#flushing--;
    }
    if (this.#batch.length > 0) this.#scheduleFlush();
  }
}

const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));
