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
import { PARK_RECV, PARK_SEND, recorder, REMOTE, UNPARK, unwatchAbort, watchAbort, Waiter, type Abortable, type Channel } from "../channel/internal.js";
import { claim, newTicket, type Ticket } from "../kernel/ticket.js";
import { RecvCase, type Case } from "./cases.js";
import { random } from "./random.js";

/** Which case ran, and for a receive what it got. */
export interface Chosen {
  index: number;
  value: unknown;
  ok: boolean;
}

/** Which case ran when a select with a default took the default after asking other threads. */
export const DEFAULT = -1;

export class Parked implements Abortable {
  private readonly waiters: CaseWaiter[] = [];
  /**
   * Taken once a case parks at another thread's channel (src/goroutine/):
   * from then on every completion, the abort and the default must win it
   * first (src/kernel/ticket.ts). Null for a select on one thread.
   */
  ticket: Ticket | null = null;
  /** Cases on other threads' channels still to answer a try (a select with a default). */
  private tries = 0;

  /**
   * @param polling the select has a default and a case on another thread's
   *   channel: those owners try their case once instead of parking it, and
   *   the default is taken once each has missed.
   */
  constructor(
    private readonly cases: readonly Case[],
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (chosen: Chosen) => void,
    private readonly reject: (reason: unknown) => void,
    readonly polling = false,
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
    if (polling) for (const w of waiters) if (isRemote(w.channel)) this.tries++;
    for (const w of waiters) {
      if (w.isRecv) w.channel[PARK_RECV](w);
      else w.channel[PARK_SEND](w);
    }
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The ticket, taken on first use: a case is parking at another thread's channel. */
  ticketFor(): Ticket {
    // select.ts refused a case on another thread's channel where there is no SharedArrayBuffer.
    return (this.ticket ??= newTicket()!);
  }

  /** Whether a completion may go ahead: always on one thread, else whoever wins the ticket. */
  claim(): boolean {
    return this.ticket === null || claim(this.ticket);
  }

  /** Another thread's channel could not complete its case now; once all have said so, the default. */
  missed(): void {
    if (--this.tries > 0 || !this.claim()) return;
    this.withdraw();
    this.resolve({ index: DEFAULT, value: undefined, ok: false });
  }

  /** A case's channel is gone with the thread that owned it. */
  failWith(error: unknown): void {
    if (!this.claim()) return;
    this.withdraw();
    this.reject(error);
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
    if (!this.claim()) return; // another thread completed a case first: its answer is on the way
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

  override claim(): boolean {
    return this.select.claim();
  }

  override ticket(): Int32Array {
    return this.select.ticketFor();
  }

  override get polling(): boolean {
    return this.select.polling;
  }

  override missed(): void {
    this.select.missed();
  }

  override fail(error: unknown): void {
    this.select.failWith(error);
  }
}

/** Whether `ch` is owned by another thread (src/goroutine/remote.ts). */
export function isRemote(ch: Channel<unknown> | null): boolean {
  return ch !== null && (ch as { [REMOTE]?: boolean })[REMOTE] === true;
}
