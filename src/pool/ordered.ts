/**
 * Ordered mode: results leave in submission order. A result that finishes
 * early is held back until every earlier one is out.
 *
 * What is held is bounded: once `limit` results wait, a reporter of any
 * result but the awaited one waits too, so its worker takes no new job and
 * the backpressure reaches the producer. The awaited result is always taken,
 * so the wait cannot deadlock. One loop sends to `results`, in order.
 */
import type { Channel } from "../channel/index.js";
import type { Result } from "./result.js";

export class Sequencer<J, R> {
  private readonly early = new Map<number, Result<J, R>>();
  private readonly waiting: Array<() => void> = [];
  private next = 0;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly out: Channel<Result<J, R>>,
    private readonly limit: number,
  ) {}

  /** How many results are held back now. */
  get held(): number {
    return this.early.size;
  }

  /** Hands over job `seq`'s result; resolves once it is held or out. */
  async put(seq: number, result: Result<J, R>): Promise<void> {
    while (seq !== this.next && this.early.size >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.early.set(seq, result);
    if (this.flushing === null && this.early.has(this.next)) this.flushing = this.flush();
  }

  /** Resolves once nothing is being sent (call after the last put). */
  async drained(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  private async flush(): Promise<void> {
    for (let r = this.early.get(this.next); r !== undefined; r = this.early.get(this.next)) {
      this.early.delete(this.next++);
      await this.out.send(r);
      // Room again: wake every waiter; each looks again (one may be the awaited seq now).
      for (const wake of this.waiting.splice(0)) wake();
    }
    this.flushing = null;
  }
}
