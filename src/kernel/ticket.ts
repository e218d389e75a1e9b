/**
 * A ticket: who completes an operation that is parked on more than one
 * thread at once. Go's `selectDone`: a select parks a waiter on each of its
 * channels, and whichever channel completes one first must win a
 * compare-and-swap, so that exactly one case takes effect (S1).
 *
 * On one thread no ticket is needed (a select withdraws its other waiters
 * before anything else can run: see src/select/parked.ts). Once a case is
 * parked at a channel owned by another thread (src/goroutine/), the owner
 * and this thread race, so the select, or an abortable operation, takes a
 * ticket: one Int32 cell in a SharedArrayBuffer that every thread involved
 * sees.
 *
 * States: OPEN (nobody has completed it), DONE (someone has: it won, or
 * the select committed elsewhere, or it was withdrawn), HELD (an owner is
 * in the middle of one synchronous step that completes it if it can: it
 * holds this ticket while it claims the other party's, then sets DONE or
 * back to OPEN). A holder never waits, so whoever finds HELD and holds
 * nothing may spin: the step ends in microseconds. A holder that finds
 * another HELD gives up its step (BUSY) and retries later, so two owners
 * can never wait on each other.
 */

/** The one cell: an Int32Array of length 1 over a SharedArrayBuffer. */
export type Ticket = Int32Array;

const OPEN = 0;
const DONE = 1;
const HELD = 2;

/** What a holder's step throws when the other party's ticket is held too: give up the step, retry it later. */
export const BUSY: unique symbol = Symbol.for("gochan.busy") as never;

let holding = false;

/**
 * Whether anything on this thread has crossed to another: a channel shared,
 * a stand-in for another thread's channel, a ticket taken. Until then no
 * waiter can refuse a claim and no select case is on another thread, so
 * channels and select skip both checks: a program without goroutines on
 * threads pays one read of this flag.
 */
export let crossing = false;

/** Something crossed to another thread (see {@link crossing}). */
export function markCrossing(): void {
  crossing = true;
}

/** A new open ticket, or null where the platform has no SharedArrayBuffer. */
export function newTicket(): Ticket | null {
  crossing = true;
  return typeof SharedArrayBuffer === "function" ? new Int32Array(new SharedArrayBuffer(4)) : null;
}

/**
 * Completes the ticket's operation, if nobody has: true if this caller won.
 * @throws BUSY inside a holder's step, when another holder has the ticket.
 */
export function claim(t: Ticket): boolean {
  for (;;) {
    const was = Atomics.compareExchange(t, 0, OPEN, DONE);
    if (was === OPEN) return true;
    if (was === DONE) return false;
    if (holding) throw BUSY;
  }
}

/**
 * Runs `step` holding `t`, for an owner acting for another thread's parked
 * operation: the step completes it (true) or finds it cannot now (false).
 * Answers "done" if the ticket was already completed, "busy" if the step
 * must be retried later, else what the step answered.
 */
export function holdWhile(t: Ticket | null, step: () => boolean): "won" | "missed" | "done" | "busy" {
  if (t === null) return step() ? "won" : "missed";
  const was = Atomics.compareExchange(t, 0, OPEN, HELD);
  if (was === DONE) return "done";
  if (was === HELD) return "busy";
  holding = true;
  try {
    const won = step();
    Atomics.store(t, 0, won ? DONE : OPEN);
    return won ? "won" : "missed";
  } catch (e) {
    Atomics.store(t, 0, OPEN);
    if (e === BUSY) return "busy";
    throw e;
  } finally {
    holding = false;
  }
}
