/**
 * The errors of goroutines on threads: a value that cannot cross, and a
 * synchronous operation asked of a channel whose state lives on another
 * thread. A thread that dies rejects with the thread layer's
 * ThreadExitError (src/threads/errors.ts).
 */
import { brandError } from "../kernel/brand.js";

/**
 * A value sent on a channel shared with another thread (or passed to or
 * returned from a goroutine on a thread) could not be structured-cloned: a
 * function, a class instance with private state, a socket... Thrown (or
 * rejected) at the sender; the channel is unchanged. `cause` is the
 * platform's own error, whose message names what could not be cloned.
 *
 * @example
 * ```ts
 * try { await ch.send({ onDone: () => {} }); }
 * catch (e) { if (e instanceof UncloneableError) console.error(e.message); }
 * ```
 */
export class UncloneableError extends TypeError {
  constructor(what: string, cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause);
    super(`${what}: the value cannot cross to another thread (${said}); send plain data, or move buffers with transfer()`, { cause });
    this.name = "UncloneableError";
  }
}

brandError(UncloneableError, "UncloneableError");

/**
 * `trySend`/`tryRecv` on a channel owned by another thread: they must
 * answer at once, and only the owner's thread knows. Go's
 * `select { case ch <- v: default: }` is `select([send(ch, v)], { default })`,
 * which asks the owner and waits for its answer.
 *
 * @example
 * ```ts
 * const sent = await select([send(results, r, () => true)], { default: () => false });
 * ```
 */
export class RemoteTryError extends TypeError {
  constructor(op: "trySend" | "tryRecv") {
    const as = op === "trySend" ? "select([send(ch, v)], { default: () => ... })" : "select([recv(ch)], { default: () => ... })";
    super(`${op}: this channel belongs to another thread, which alone can answer at once; write ${as} instead (it asks the owner)`);
    this.name = "RemoteTryError";
  }
}

brandError(RemoteTryError, "RemoteTryError");
