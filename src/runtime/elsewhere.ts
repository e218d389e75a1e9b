/**
 * Other threads, as the diagnostics see them: goroutines on threads
 * (src/goroutine/) park operations on their own thread's channels, where
 * this thread's registry cannot see them. The goroutine layer registers
 * here what its threads last said they had parked, and a way to ask them
 * all whether they are blocked, so that blocked() lists every thread's
 * operations and run() tells a deadlock that spans threads (G5). Nothing
 * is registered, and nothing costs, until a goroutine starts on a thread.
 */
import type { BlockedOperation } from "./blocked.js";

/** What the goroutine layer offers the diagnostics. */
export interface Elsewhere {
  /** The operations parked on other threads, as each last said when it went idle. */
  blocked(): BlockedOperation[];
  /**
   * Asks every other thread, while this one is idle: the operations parked
   * everywhere else if every thread is blocked and no message is in flight
   * between threads; null if any can still move.
   */
  quiet(): Promise<BlockedOperation[] | null>;
  /**
   * Ends every other thread, once what each printed has reached this
   * thread's stdout (main returned: Go's program exits, and a line a
   * goroutine printed before it signalled main must not be lost).
   */
  stop(): Promise<void>;
}

/**
 * How many run() calls are watching for a deadlock: only then may a thread
 * whose goroutines are all blocked stop keeping the program alive (else a
 * program would end while a message was on its way to wake one). @internal
 */
export let watching = 0;

/** run() starts (+1) or stops (-1) watching. @internal */
export function watch(delta: 1 | -1): void {
  watching += delta;
}

/** The registered goroutine layer, or null. @internal */
export let elsewhere: Elsewhere | null = null;

/** Registers the goroutine layer (once, when its first thread starts). @internal */
export function setElsewhere(e: Elsewhere): void {
  elsewhere = e;
}
