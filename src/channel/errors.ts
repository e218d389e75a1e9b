/**
 * The errors a channel throws where Go would panic (D3 of the semantics
 * contract). Each message is Go's runtime text, word for word, so a Go
 * programmer recognises it; the classes let a TypeScript caller tell them
 * apart with `instanceof`.
 *
 * `instanceof` works across copies of gochan: an app may load both the ESM
 * and the CommonJS build (one through a dependency), and an error thrown by
 * one is still an instance of the other's class. Each class's prototype
 * carries a `Symbol.for` brand, which both copies share, and the class's
 * `Symbol.hasInstance` accepts it, as `select` accepts channels by brand.
 */

// The brand key of each branded class. A class made by a user's `extends`
// has none, so its instanceof is the ordinary one.
const brands = new WeakMap<object, symbol>();

function hasInstance(this: abstract new (...args: never[]) => unknown, x: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(this, x)) return true;
  const key = brands.get(this);
  return key !== undefined && typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[key] === true;
}

/**
 * Makes `instanceof cls` recognise instances made by any copy of gochan.
 * `name` must never change: it is the brand both builds agree on. @internal
 */
export function brandError(cls: abstract new (...args: never[]) => Error, name: string): void {
  const key = Symbol.for(`gochan.error.${name}`);
  brands.set(cls, key);
  Object.defineProperty(cls.prototype, key, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, { value: hasInstance });
}

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
