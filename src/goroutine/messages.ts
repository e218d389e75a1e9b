/**
 * The messages between the main thread and a thread that runs goroutines
 * (procs.ts, thread.ts). Channels do not pass here: each crossing has its
 * own port (wire.ts).
 */

/** The main thread to a goroutine thread. */
export type ToProc =
  /** First: the thread's id, which names the channels it makes. */
  | { t: "init"; thread: number }
  /** Start goroutine `gid`: export `name` of `module`, called with `args`. */
  | { t: "go"; gid: number; module: string; name: string; args: unknown; h: boolean }
  /** Thread `thread` died: withdraw what it parked here; its channels are gone. */
  | { t: "died"; thread: number; error: unknown };

/** A goroutine thread to the main thread. */
export type FromProc =
  /** Goroutine `gid` returned `value`, or threw `error`. */
  | { t: "result"; gid: number; ok: true; value: unknown; h: boolean }
  | { t: "result"; gid: number; ok: false; error: unknown };
