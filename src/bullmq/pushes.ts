/**
 * A worker's results on their way to the producer: one RPUSH for every
 * result that settled in the same turn of the event loop, instead of one
 * per result.
 *
 * A push costs its process a socket write and Redis a command of its own,
 * about as much as the rest of a trivial job's round; batched, the write
 * and the command are shared (the batch is written once the microtasks
 * of this turn have run, so a result waits for no I/O). The order that makes delivery safe is kept:
 * a result's push is written before its job is marked finished, because
 * the promise its processor returns (and BullMQ waits for before marking)
 * resolves only once the batch holding it has been written, on the
 * connection BullMQ marks jobs finished on, and Redis runs one
 * connection's commands in order. A process that dies before the write
 * has neither pushed nor finished: its job runs again elsewhere.
 */
import type { RedisClient } from "bullmq";

export class Pushes {
  readonly #key: string;
  #client: RedisClient | undefined;
  #batch: string[] = [];
  #written: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  constructor(key: string) {
    this.#key = key;
  }

  /** The connection BullMQ marks jobs finished on: set before the first job runs. */
  set client(c: RedisClient) {
    this.#client = c;
  }

  /**
   * Queues `result` (JSON) and resolves once it has been written, after
   * the callbacks of this turn: a processor awaits it before returning.
   * The reply is not waited for: the order on the connection is what
   * matters, and a lost connection loses the finish as well.
   */
  push(result: string): Promise<void> {
    this.#batch.push(result);
    if (this.#written === undefined) {
      this.#written = new Promise<void>((r) => (this.#resolve = r));
      process.nextTick(this.#flush);
    }
    return this.#written;
  }

  readonly #flush = (): void => {
    const batch = this.#batch;
    const resolve = this.#resolve!;
    this.#batch = [];
    this.#written = this.#resolve = undefined;
    this.#client!.runCommand("rpush", [this.#key, ...batch]).catch(() => {});
    resolve();
  };
}
