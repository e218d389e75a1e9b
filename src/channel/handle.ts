/**
 * The handle: the one internal interface that `select`, `range` and every
 * channel flavor speak (crossbeam's `SelectHandle`).
 *
 * Why symbols: a channel's public surface is what docs/channel.md documents
 * (send, recv, receive, trySend, tryRecv, close, len, cap, the views and
 * iteration). The operations below let any holder break the contract (a
 * `sendNow` on a closed channel delivers a value, C8), so no user can reach
 * them by a string name or see them in the published types (members tagged
 * internal are stripped from the declarations). `Symbol.for` keys, because an
 * app may load both the ESM and the CommonJS build of gochan: a channel made
 * by one must answer the other's `select`, and so must its sentinels.
 *
 * A flavor (a timer's `C`, the pool's intake, the broker's outbox) is a
 * `Channel` subclass that overrides some of these and nothing public:
 * `send`, `trySend`, `recv`, `len` and `cap` are written once, over them.
 *
 * The contract of each member:
 * - `canSend`/`canRecv`: whether the operation could complete now (a send on
 *   a closed channel "can": it would throw), without doing it.
 * - `sendNow`/`recvNow`: complete it now if it can; the caller of `sendNow`
 *   has checked the channel is open. `recvNow` answers `EMPTY` when it would
 *   block and `DRAINED` once closed and drained.
 * - `parkSend`/`parkRecv`: enqueue a waiter; the caller found that the
 *   `Now` form would block. `unpark` withdraws one not yet completed.
 * - `size`/`room`: what `len` and `cap` report.
 */

/** What `recvNow` answers when receiving would block. */
export const EMPTY: unique symbol = Symbol.for("gochan.empty") as never;
/** What `recvNow` answers when the channel is closed and drained. */
export const DRAINED: unique symbol = Symbol.for("gochan.drained") as never;

export const CAN_SEND: unique symbol = Symbol.for("gochan.canSend") as never;
export const CAN_RECV: unique symbol = Symbol.for("gochan.canRecv") as never;
export const SEND_NOW: unique symbol = Symbol.for("gochan.sendNow") as never;
export const RECV_NOW: unique symbol = Symbol.for("gochan.recvNow") as never;
export const PARK_SEND: unique symbol = Symbol.for("gochan.parkSend") as never;
export const PARK_RECV: unique symbol = Symbol.for("gochan.parkRecv") as never;
export const UNPARK: unique symbol = Symbol.for("gochan.unpark") as never;
/** True once `close()` has run. */
export const IS_CLOSED: unique symbol = Symbol.for("gochan.isClosed") as never;
/** The buffered count `len` reports (a flavor's own queue, for the pool). */
export const SIZE: unique symbol = Symbol.for("gochan.size") as never;
/** The capacity `cap` reports. */
export const ROOM: unique symbol = Symbol.for("gochan.room") as never;
/** The wait queues as heads and links, for `range`, the pool and diagnostics: see `Queues` in channel.ts. */
export const QUEUES: unique symbol = Symbol.for("gochan.queues") as never;
/** The channel behind a directional view. */
export const VIEWED: unique symbol = Symbol.for("gochan.viewed") as never;
/**
 * Makes a channel's values leave this thread: to goroutines on other
 * threads (src/goroutine/), or to a broker (the bullmq producer's jobs).
 * From then on every send (plain, try, or a select's case) first calls
 * `admit`, which throws the typed error of a value that could not leave
 * (not cloneable; not JSON), so the send fails at the call and the channel
 * is unchanged; and a channel shared with threads mirrors `len` and
 * `closed` into `cells` (an Int32Array over a SharedArrayBuffer, laid out
 * in shared.ts; null for none), and may lend its free slots as credits.
 */
export const SHARE: unique symbol = Symbol.for("gochan.share") as never;
/** Throws the typed error of `admit` if the value could not cross to another thread; a no-op for a channel that never crossed. */
export const ADMIT: unique symbol = Symbol.for("gochan.admit") as never;

/** What {@link SHARE} installs. */
export interface Sharing {
  readonly cells: Int32Array | null;
  admit(value: unknown): void;
  /** The free slots are lent to other threads as credits (shared.ts); `cells` is then not null. */
  readonly credits?: boolean;
  /** Pulls in every lent value already posted to this thread, before an operation looks at the channel. */
  sync?(): void;
  /** Posts the values this thread sent to other threads with credits, before the closed cell tells those threads anything. */
  flush?(): void;
}
/** A lent value arrives at its owner (shared.ts): it goes to a parked receiver, else into the slot lent for it. */
export const ARRIVE: unique symbol = Symbol.for("gochan.arrive") as never;
/** Lent slots whose values will never come (their thread died) are free again. */
export const RECLAIM: unique symbol = Symbol.for("gochan.reclaim") as never;
/** Present (true) on a channel owned by another thread: `select` cannot poll it at once, and asks its owner instead. */
export const REMOTE: unique symbol = Symbol.for("gochan.remote") as never;
