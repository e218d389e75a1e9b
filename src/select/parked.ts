/**
 * A select that found no case ready: one waiter per case, all sharing this
 * object (Go's `selectgo` parks one sudog per case on the same goroutine).
 *
 * The first waiter a channel completes commits the whole select: before it
 * returns, every other waiter is withdrawn from its channel and the abort
 * listener is dropped. Nothing can run in between, so exactly one case takes
 * effect (S1) and nothing outlives the select (X2). The waiters are parked
 * in a random order, so which case a peer completes is random too. Since a committed select
 * has no waiter left anywhere, no channel can complete it a second time: the
 * "who won" flag of Go's runtime is the emptiness of the queues here.
 */
import { SendOnClosedChannelError } from "../channel/index.js";
import { PARK_RECV, PARK_SEND, recorder, UNPARK, unwatchAbort, watchAbort, Waiter, type Abortable, type Channel } from "../channel/internal.js";
import { RecvCase, type Case } from "./cases.js";
import { random } from "./random.js";

/** Which case ran, and for a receive what it got. */
export interface Chosen {
  index: number;
  value: unknown;
  ok: boolean;
}

export class Parked implements Abortable {
  private readonly waiters: CaseWaiter[] = [];

  constructor(
    private readonly cases: readonly Case[],
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (chosen: Chosen) => void,
    private readonly reject: (reason: unknown) => void,
  ) {
    const waiters = this.waiters;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const ch: Channel<unknown> | null = c.channel;
      if (ch === null) continue; // a nil channel is never ready (C14)
      waiters.push(new CaseWaiter(this, i, ch, c instanceof RecvCase ? undefined : c.value, c instanceof RecvCase));
    }
    // Park in a random order (Go's pollorder): a peer that later completes
    // the oldest waiter of a channel would otherwise always pick whichever
    // case came first, and two cases on one channel would not be fair.
    for (let i = waiters.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const w = waiters[i]!;
      waiters[i] = waiters[j]!;
      waiters[j] = w;
    }
    for (const w of waiters) {
      if (w.isRecv) w.channel[PARK_RECV](w);
      else w.channel[PARK_SEND](w);
    }
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** A channel completed case `index`. */
  commit(index: number, value: unknown, ok: boolean): void {
    if (recorder !== null) this.traceChoice(index);
    this.withdraw();
    this.resolve({ index, value, ok });
  }

  /** A channel that case `index` was sending on was closed (S4). */
  fail(): void {
    this.withdraw();
    this.reject(new SendOnClosedChannelError());
  }

  /** The signal aborted: no case has completed, so none has had an effect (X1). */
  onAbort(reason: unknown): void {
    this.withdraw();
    this.reject(reason);
  }

  private traceChoice(index: number): void {
    const c = this.cases[index]!;
    recorder?.chose(index, c.channel, c instanceof RecvCase ? "recv" : "send", this);
  }

  private withdraw(): void {
    for (const w of this.waiters) if (w.queue !== null) w.channel[UNPARK](w);
    if (this.signal !== undefined) unwatchAbort(this.signal, this);
  }
}

/** One case's waiter: whatever completes it, commits its select. */
class CaseWaiter extends Waiter<unknown> {
  constructor(
    private readonly select: Parked,
    private readonly index: number,
    readonly channel: Channel<unknown>,
    value: unknown,
    readonly isRecv: boolean,
  ) {
    super(value);
  }

  /** Diagnostics list a select once, not once per case. */
  override get group(): object {
    return this.select;
  }

  /** Cases park in a random order; diagnostics list them in the order written. */
  override get order(): number {
    return this.index;
  }

  deliver(value: unknown, ok: boolean): void {
    this.select.commit(this.index, value, ok);
  }

  sent(): void {
    this.select.commit(this.index, undefined, true);
  }

  closed(): void {
    this.select.fail();
  }
}
