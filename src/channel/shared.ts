/**
 * The cells of a channel shared with other threads, and its credits.
 *
 * Why credits: a send from another thread would otherwise wait for a round
 * trip to the owner for every value (tens of microseconds). While the
 * buffer has room, the owner lends that room out: a thread that wins a
 * credit (one compare-and-swap on `FREE`) has sent, and its value follows
 * in a batch (src/goroutine/outbox.ts). The owner counts every slot as
 * buffered, free, or lent and not yet arrived ("in flight"), so `cap` is
 * never exceeded, a receive after a close waits for the values in flight
 * before it reports the channel drained, and a value a thread sent before
 * anything the owner does after it (by happens-before) is pulled in first:
 * the owner's `sync` reads every batch already posted before it acts.
 *
 * Credits exist only where the owner can pull a posted message at once
 * (Node's `receiveMessageOnPort`) and only for a plain buffered Channel;
 * elsewhere `FREE` stays `SHUT` and every send is a request, as before.
 */

/** `len` as the owner mirrors it. */
export const COUNT = 0;
/** 1 once some thread has closed the channel (the close that set it was the first, C7). */
export const CLOSED = 1;
/** Slots no one holds: credits to take, with `SHUT` set when none may be taken. */
export const FREE = 2;
/** The next sequence number of a lent slot: values from several threads enter in the order their credits were taken. */
export const SEQ = 3;
/** Batches of lent values posted, by every thread: the owner's `sync` pulls only when it has not seen them all. */
export const POSTED = 4;
/** How many Int32 cells a shared channel has. */
export const CELLS = 5;

/** In `FREE`: no credit may be taken (closed, or the owner does not lend). */
export const SHUT = 1 << 30;

/** Takes one credit if there is one: the caller may then treat its value as buffered. */
export function takeCredit(cells: Int32Array): boolean {
  for (;;) {
    const w = Atomics.load(cells, FREE);
    if ((w & SHUT) !== 0 || w === 0) return false;
    if (Atomics.compareExchange(cells, FREE, w, w - 1) === w) return true;
  }
}

/** Returns `n` slots to the free ones (a value left the buffer, or a lent one never came). */
export function giveCredits(cells: Int32Array, n: number): void {
  Atomics.add(cells, FREE, n);
}

/** The free slots, whether or not they may be lent. */
export function freeSlots(cells: Int32Array): number {
  return Atomics.load(cells, FREE) & ~SHUT;
}

/** No more credits: the channel is closed. */
export function shut(cells: Int32Array): void {
  Atomics.or(cells, FREE, SHUT);
}
