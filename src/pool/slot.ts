/**
 * One worker of a thread pool: its thread, the jobs it holds, and the batch
 * being put together for it. The window (how many jobs it is sent ahead)
 * adapts to how long its jobs take: about 2 ms of work ahead, so a slow job
 * does not sit behind others while another thread idles, and up to the
 * pool's limit for tiny jobs, so they travel many to a message. The two
 * choices among a pool's slots, which one takes the next jobs and which
 * one retires, read only what a slot holds, and are here too.
 */
import type { Thread } from "../threads/spawn.js";
import { takeTransfers } from "../threads/transfer.js";
import type { LongTimeout } from "../time/timeout.js";
import type { Queued } from "./queue.js";

const AHEAD_MS = 2;

/** A job sent to a thread, until its result is back. */
export interface Sent<J> {
  readonly q: Queued<J>;
  readonly id: number;
  start: number;
  /** The pool's cancel reached it. */
  aborted: boolean;
  /** Reported already (timed out); its thread still runs it. */
  reported: boolean;
  timer: LongTimeout | undefined;
}

/** Jobs going to a thread in one message, with what each moves. */
export interface Batch<J> {
  readonly jobs: unknown[];
  /** Every transferable of the batch, for the one message. */
  readonly moves: object[];
  readonly sent: Array<Sent<J>>;
  /** Each job's own transfer list, for sending them one by one. */
  readonly lists: Array<object[] | undefined>;
}

export class Slot<J> {
  thread!: Thread;
  ready = false;
  /** Where the thread writes the id of the job it starts (shared memory), if the platform has it. */
  started: Int32Array | null = null;
  readonly inflight = new Map<number, Sent<J>>();
  /** Results handed to the pool and not yet taken by `results`. */
  reporting = 0;
  retiring = false;
  ended = false;
  busy = false;
  grace: LongTimeout | undefined = undefined;
  private nextId = 0;
  private batch: Batch<J> = emptyBatch();
  /** Milliseconds per job, smoothed; -1 until one has been measured. */
  private avg = -1;

  constructor(
    readonly id: number,
    /** The pool's limit on jobs sent ahead (1 under a timeout or without shared memory). */
    private readonly max: number,
    /** Resolves the worker's `start()`: the slot is done for good. */
    readonly end: () => void,
  ) {}

  /** Jobs it holds: in its thread, or reported and not yet taken by `results`. */
  get load(): number {
    return this.inflight.size + this.reporting;
  }

  get pending(): boolean {
    return this.batch.sent.length > 0;
  }

  /**
   * How many jobs it takes now. A thread that still has jobs is topped up
   * when its results come back (`topUp`), not as the producer sends them one
   * by one, so that jobs go in batches. A thread whose results wait for
   * `results` to take them gets nothing more.
   */
  room(topUp: boolean): number {
    const window = this.window();
    if (this.reporting >= window) return 0;
    if (this.inflight.size > 0 && !topUp) return 0;
    return window - this.inflight.size;
  }

  /** Adds a job to the batch for the thread. */
  add(q: Queued<J>): Sent<J> {
    const s: Sent<J> = { q, id: this.nextId++, start: 0, aborted: false, reported: false, timer: undefined };
    this.inflight.set(s.id, s);
    const b = this.batch;
    b.jobs.push(q.job);
    b.sent.push(s);
    const moves = takeTransfers(q.job);
    if (moves !== undefined) b.moves.push(...moves);
    b.lists.push(moves);
    return s;
  }

  /** The batch so far, to be sent; the next one starts empty. */
  takeBatch(): Batch<J> {
    const b = this.batch;
    this.batch = emptyBatch();
    return b;
  }

  /** A job took `ms` on the thread. */
  measured(ms: number): void {
    this.avg = this.avg < 0 ? ms : this.avg * 0.8 + ms * 0.2;
  }

  private window(): number {
    if (this.max === 1) return 1;
    if (this.avg < 0) return 2; // nothing measured yet: a little, until we know how slow the jobs are
    return Math.max(2, Math.min(this.max, Math.ceil(AHEAD_MS / Math.max(this.avg, 0.001))));
  }
}

/** The open slot whose thread takes the most jobs now, if any takes one. */
export function roomiest<J>(slots: Iterable<Slot<J>>): Slot<J> | undefined {
  let best: Slot<J> | undefined;
  let room = 0;
  for (const slot of slots) {
    if (slot.retiring || slot.ended) continue;
    const r = slot.room(false);
    if (r > room) {
      room = r;
      best = slot;
    }
  }
  return best;
}

/** The open slot that holds the fewest jobs: the one to retire when the pool shrinks. */
export function leastLoaded<J>(slots: Iterable<Slot<J>>): Slot<J> | undefined {
  let pick: Slot<J> | undefined;
  for (const slot of slots) {
    if (slot.retiring || slot.ended) continue;
    if (pick === undefined || slot.load < pick.load) pick = slot;
  }
  return pick;
}

function emptyBatch<J>(): Batch<J> {
  return { jobs: [], moves: [], sent: [], lists: [] };
}
