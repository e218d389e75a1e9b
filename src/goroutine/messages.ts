/**
 * The messages between the main thread and a thread that runs goroutines
 * (procs.ts, thread.ts). Channels do not pass here: each crossing has its
 * own port (wire.ts).
 */

import type { BlockedOperation } from "../runtime/blocked.js";

/** The main thread to a goroutine thread. */
export type ToProc =
  /** First: the thread's id, which names the channels it makes. */
  | { t: "init"; thread: number; level: 0 | 1 | 2 }
  /** A trace records on the main thread (or stopped): tag channel operations with the goroutine that asks, for its lane. */
  | { t: "trace"; on: boolean }
  /** The program is done (run's main returned): end once idle, so that what this thread printed reaches stdout. */
  | { t: "stop" }
  /** Are you still blocked? (run() found the main thread's loop empty: Go's checkdead.) */
  | { t: "check"; seq: number }
  /** Start goroutine `gid`: export `name` of `module`, called with `args`. */
  | { t: "go"; gid: number; module: string; name: string; args: unknown; h: boolean }
  /** Thread `thread` died: withdraw what it parked here; its channels are gone. */
  | { t: "died"; thread: number; error: unknown }
  /** The goroutine this thread asked for (`spawn` `sid`) returned `value`, or threw `error`. */
  | { t: "spawned"; sid: number; ok: true; value: unknown; h: boolean }
  | { t: "spawned"; sid: number; ok: false; error: unknown };

/** A goroutine thread to the main thread. */
export type FromProc =
  /**
   * A goroutine here starts another on a thread: only the main thread
   * places goroutines, so it asks there, and hears the result as `spawned`.
   */
  | { t: "spawn"; sid: number; module: string; name: string; args: unknown; h: boolean }
  /** Goroutine `gid` returned `value`, or threw `error`. */
  | { t: "result"; gid: number; ok: true; value: unknown; h: boolean }
  | { t: "result"; gid: number; ok: false; error: unknown }
  /**
   * Node: the thread's loop ran empty (every goroutine on it waits for a
   * message) and it lists what it has parked; `busy`: a message woke it.
   */
  | { t: "idle"; gos: number; blocked: BlockedOperation[] }
  | { t: "busy" }
  /** The answer to a check: still idle since it said so, its message counts, what it has parked. */
  | { t: "checked"; seq: number; idle: boolean; sent: number; received: number; blocked: BlockedOperation[] };
