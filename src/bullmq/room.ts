/**
 * The producer's backpressure: how many jobs may be sent now without
 * `buffer` jobs waiting in Redis, and letting waiting senders in as that
 * room comes back. Apart from the producer because it is one estimate with
 * its own state (the last count, the jobs it cannot include, when to count
 * again) that only a few events move: a job accepted, added, reported.
 *
 * The estimate is conservative: a job not yet known to be in Redis counts
 * as waiting, and no more jobs can wait than are unreported, so the queue's
 * length never exceeds `buffer`.
 */
import type { RedisClient } from "bullmq";
import type { waitingKeys } from "./wire.js";

/** How long a waiting sender's next count of Redis waits when few results came, in ms. */
const COUNT_AFTER = 20;

/** What the room reads of its producer. */
export interface RoomHost {
  /** Jobs accepted whose result has not come: no more than these can wait in Redis. */
  unreported(): number;
  /** False once the jobs channel closed or the run failed: no room at all then. */
  accepting(): boolean;
  /** True once the run is over: no more counting. */
  finished(): boolean;
  /** The connection to count on, once connected. */
  client(): RedisClient | undefined;
}

/** What the room uses of a jobs channel (an Outbox). */
export interface Inlet<T> {
  hasParked(): boolean;
  firstParked(): T | undefined;
  /** Takes the oldest waiting sender's job in; false if none waits. */
  pull(): boolean;
}

export class Room {
  readonly #buffer: number;
  /** How many reported jobs make a count worth it, and how much room lets waiting senders back in (see #sendable). */
  readonly #batch: number;
  readonly #waiting: ReturnType<typeof waitingKeys>;
  readonly #host: RoomHost;
  #plain: Inlet<unknown> | undefined;
  #prioritized: Inlet<{ readonly priority: number }> | undefined;
  /** Redis's waiting count at the last look, and the jobs that may not be in it. */
  #lastCount = 0;
  #uncounted = 0;
  /** Jobs reported since the last count was sent: only they can have left the queue, so they decide when counting again is worth a round trip. */
  #reportedSinceCount = 0;
  /** Accepted jobs that addBulk has not yet confirmed, and all accepted so far. */
  #notAdded = 0;
  #accepted = 0;
  #counting = false;
  /** Whether the queue was full and not yet a batch's worth of room has come back (see #sendable). */
  #full = false;
  #countTimer: ReturnType<typeof setTimeout> | undefined;

  /** `batch`: an eighth of `buffer` (at most half an addBulk), so room opens in batches, not one job at a time. */
  constructor(buffer: number, batch: number, waiting: ReturnType<typeof waitingKeys>, host: RoomHost) {
    this.#buffer = buffer;
    this.#batch = batch;
    this.#waiting = waiting;
    this.#host = host;
  }

  /** The jobs channels whose waiting senders this lets in. */
  inputs(plain: Inlet<unknown>, prioritized: Inlet<{ readonly priority: number }>): void {
    this.#plain = plain;
    this.#prioritized = prioritized;
  }

  /** How many more jobs may be sent now without `buffer` jobs waiting in Redis. */
  free(): number {
    if (!this.#host.accepting()) return 0;
    const unsettled = this.#host.unreported();
    const waiting = Math.min(unsettled, this.#lastCount + this.#uncounted);
    return this.#buffer - waiting;
  }

  /** How many jobs may wait in Redis by the estimate, for stats(). */
  queued(): number {
    return Math.min(this.#host.unreported(), this.#lastCount + this.#uncounted);
  }

  /**
   * The room a send may take now. Once the queue is full, room comes back
   * a few jobs at a time (a worker takes its next job as it finishes one,
   * and results come back as they finish); letting a waiting sender in at
   * each would add jobs a dozen per `addBulk`, and each call costs its
   * pipeline and its round trip whatever its size (1,400 calls for 20,000
   * jobs at `buffer` 1000, a tenth of the producer's CPU). So once full,
   * sends wait until a batch's worth is free again. The bound stays
   * `buffer`: this only waits longer under it.
   */
  sendable(): number {
    const room = this.free();
    if (this.#full) {
      if (room < this.#batch) return 0;
      this.#full = false;
    } else if (room <= 0) this.#full = true;
    return room;
  }

  /** A job was accepted: it counts as waiting until a count includes it. */
  accepted(): void {
    this.#accepted++;
    this.#uncounted++;
    this.#notAdded++;
    if (this.free() <= 0) this.#countNowOrSoon(); // full: the next send will wait, so have a count on its way
  }

  /** A job's addBulk was confirmed. */
  added(): void {
    this.#notAdded--;
  }

  /** A job's result came. */
  reported(): void {
    this.#reportedSinceCount++;
  }

  /** Results came: lets waiting senders in, and counts again if they still wait. */
  afterResults(): void {
    this.#pullParked();
    this.#maybeRecount();
  }

  stop(): void {
    if (this.#countTimer !== undefined) clearTimeout(this.#countTimer);
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
    if (this.sendable() <= 0 && this.#parked()) this.#countNowOrSoon();
  }

  #countNowOrSoon(): void {
    if (this.#reportedSinceCount >= this.#batch) this.#recount();
    else this.#recountSoon();
  }

  /** Asks Redis how many jobs wait, once at a time, while senders wait for room. */
  #recount(): void {
    const client = this.#host.client();
    if (this.#counting || client === undefined || this.#host.finished()) return;
    this.#counting = true;
    this.#reportedSinceCount = 0;
    const notAdded = this.#notAdded;
    const accepted = this.#accepted;
    const w = this.#waiting;
    const m = client.multi();
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
        this.#uncounted = notAdded + (this.#accepted - accepted);
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
    if (this.#countTimer !== undefined || this.#host.finished()) return;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      this.#recount();
    }, COUNT_AFTER);
  }

  #parked(): boolean {
    return this.#plain!.hasParked() || this.#prioritized!.hasParked();
  }

  /** Moves parked senders in while there is room: a prioritized one first if it outranks plain jobs. */
  #pullParked(): void {
    const plain = this.#plain!;
    const prioritized = this.#prioritized!;
    while (this.sendable() > 0) {
      const head = prioritized.firstParked();
      if (head !== undefined && head.priority > 0 ? prioritized.pull() : plain.pull() || prioritized.pull()) continue;
      break;
    }
  }
}
