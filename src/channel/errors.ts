/**
 * The errors a channel throws where Go would panic (D3 of the semantics
 * contract). Each message is Go's runtime text, word for word, so a Go
 * programmer recognises it; the classes let a TypeScript caller tell them
 * apart with `instanceof`.
 *
 * `instanceof` works across copies of gochan (src/kernel/brand.ts).
 */
import { brandError } from "../kernel/brand.js";

/**
 * Base class of the errors a channel operation throws where Go panics.
 *
 * @example
 * ```ts
 * try { ch.close(); } catch (e) { if (e instanceof ChannelError) console.error(e.message); }
 * ```
 */
export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Thrown (or rejected) by a send on a closed channel, and by every sender that
 * was blocked when the channel was closed (rule C8). Go: `panic: send on closed channel`.
 *
 * @example
 * ```ts
 * const ch = new Channel<number>(1);
 * ch.close();
 * await ch.send(1).catch((e) => e instanceof SendOnClosedChannelError); // true
 * ```
 */
export class SendOnClosedChannelError extends ChannelError {
  constructor() {
    super("send on closed channel");
  }
}

/**
 * Thrown by `close()` on a channel that is already closed (rule C7).
 * Go: `panic: close of closed channel`.
 *
 * @example
 * ```ts
 * const ch = new Channel<number>();
 * ch.close();
 * try { ch.close(); } catch (e) { console.log(e instanceof CloseOfClosedChannelError); } // true
 * ```
 */
export class CloseOfClosedChannelError extends ChannelError {
  constructor() {
    super("close of closed channel");
  }
}

brandError(ChannelError, "ChannelError");
brandError(SendOnClosedChannelError, "SendOnClosedChannelError");
brandError(CloseOfClosedChannelError, "CloseOfClosedChannelError");
