/**
 * What one thread knows of the channels that cross threads: its own id, the
 * channels it owns that other threads hold (by id), the stand-ins it holds
 * for other threads' channels, and the ports it serves. One per thread, on
 * `globalThis` under a `Symbol.for` key, so that a goroutine module that
 * imports the built gochan and the thread entry that loaded it from source
 * share it (as transfer.ts does).
 */
import type { Channel } from "../channel/internal.js";
import type { Port } from "./wire.js";

/** A channel of another thread, as held here (remote.ts). */
export interface Stand {
  /** The owner died: every parked operation fails, every later one too. */
  died(error: unknown): void;
}

/** A port through which this thread serves one of its channels (host.ts). */
export interface Served {
  /** The thread at the other end, once it has said (0 is the main thread). */
  peer: number;
  /** The peer died: withdraw what it had parked. */
  withdraw(): void;
}

export interface Registry {
  /** This thread's id: 0 on the main thread, set by the thread's first message elsewhere. */
  thread: number;
  next: number;
  readonly owned: Map<string, Channel<unknown>>;
  readonly ids: WeakMap<object, string>;
  readonly stands: Map<string, WeakRef<Stand & object>>;
  readonly served: Set<Served>;
  /**
   * Messages of goroutines and channels this thread posted and took in: summed
   * over every thread, equal when none is in flight (how run() tells that
   * threads which all say "blocked" cannot be woken by a message on its way).
   */
  sent: number;
  received: number;
  /** Called as a message wakes this thread (thread.ts: it is no longer idle); null on the main thread. */
  onActivity: (() => void) | null;
  /** While the main thread traces: the goroutine running here (thread.ts), for its lane; else null, and nothing is asked. */
  goroutine: (() => number | undefined) | null;
  /** Batches of lent values not yet posted (outbox.ts). */
  readonly outboxes: Set<{ flush(): void }>;
  /** On a goroutine thread: starts a goroutine through the main thread (thread.ts); null on the main thread. */
  spawn: ((url: URL, name: string, args: unknown[]) => Promise<unknown>) | null;
}

const KEY = Symbol.for("gochan.goroutine");
const g = globalThis as { [KEY]?: Registry };

/** This thread's registry. */
export const registry: Registry = (g[KEY] ??= { thread: 0, next: 1, owned: new Map(), ids: new WeakMap(), stands: new Map(), served: new Set(), outboxes: new Set(), sent: 0, received: 0, onActivity: null, goroutine: null, spawn: null });

/** A goroutine or channel message arrived: count it, and wake (thread.ts). */
export function arrived(): void {
  registry.received++;
  registry.onActivity?.();
}

/** The thread that owns channel `id` ("thread:serial"). */
export function ownerOf(id: string): number {
  return Number(id.slice(0, id.indexOf(":")));
}

/** Thread `thread` died: withdraw what it parked here, and fail what waits on its channels. */
export function threadDied(thread: number, error: unknown): void {
  for (const s of registry.served) if (s.peer === thread) s.withdraw();
  for (const [id, ref] of registry.stands) {
    if (ownerOf(id) !== thread) continue;
    registry.stands.delete(id);
    ref.deref()?.died(error);
  }
}

/** Node's ports keep a program alive while listened to; these must not (a Web port has no `unref`). */
export function unref(port: Port): void {
  (port as { unref?: () => void }).unref?.();
}
