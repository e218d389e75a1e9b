/**
 * The messages between a channel's owner and a thread that holds it: one
 * MessagePort per crossing (codec.ts), requests one way, answers the other.
 * A port delivers in order, so an answer sent before a cancel arrives
 * before the owner sees the cancel.
 */

/** A MessagePort, as much of it as gochan uses (Node's and the Web's alike). */
export interface Port {
  postMessage(message: unknown, transfer?: readonly object[]): void;
  onmessage: ((e: { data: any }) => void) | null;
  close(): void;
}

/** A new pair of connected ports. */
export function portPair(): [Port, Port] {
  const { port1, port2 } = new MessageChannel();
  return [port1 as unknown as Port, port2 as unknown as Port];
}

/** A thread that holds the channel, to its owner. */
export type Request =
  /**
   * Send (`recv` false, with `value`) or receive, completing now if the
   * channel can, else parking until it can; `poll`: only try now (a select
   * with a default). `ticket`: what the owner must win before it completes
   * the operation (a select's case, an operation with a signal), or null.
   * `from`: the requesting thread, so its operations can be withdrawn if it dies.
   * `g`: the goroutine that asks, while a trace records (its lane there).
   */
  | { t: "op"; id: number; recv: boolean; value: unknown; h: boolean; ticket: Int32Array | null; poll: boolean; from: number; g?: number | undefined }
  /** Withdraw operation `id` if it is still parked (its select completed elsewhere, or it was aborted). */
  | { t: "cancel"; id: number }
  /** `checked`: the holder won the closed cell, so this close is the first (C7); else the owner decides. */
  | { t: "close"; checked: boolean; g?: number | undefined }
  /** Serve this port too (and `values` for its lent values, `taken` its count of credits): the holder handed the channel on to another thread. */
  | { t: "adopt"; port: Port; values: Port | null; taken: Int32Array | null }
  /** Answer when you serve this port (a holder that got the channel from another holder lends only then: remote.ts). */
  | { t: "hello" };

/**
 * Lent values (src/channel/shared.ts), on a port of their own, so that the
 * owner can pull them in at any moment without running anything else:
 * sequence number, value, whether the value holds handles; three entries a value.
 */
export interface Values {
  items: unknown[];
  /** The thread that sent them. */
  from: number;
}

/** The owner, to a thread that holds the channel. */
export type Answer =
  /** Operation `id` completed: a receive got `value` (`ok`), or a send's value was taken. */
  | { t: "done"; id: number; recv: boolean; value: unknown; h: boolean; ok: boolean }
  /** Send `id` failed: the channel is closed (C8). */
  | { t: "closed"; id: number }
  /** A polling operation could not complete now. */
  | { t: "missed"; id: number }
  /** `close()` from this thread found the channel closed (C7): Go's panic, thrown on the closer's thread. */
  | { t: "panic"; error: unknown }
  /** This port is served: the value port handed over with it is too. */
  | { t: "hello" };
