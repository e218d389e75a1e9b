/**
 * Go's two context errors, with Go's text (D3). They are single values, as
 * in Go (`context.Canceled`, `context.DeadlineExceeded`), so that a caller
 * compares with `===` where Go uses `errors.Is`; the classes serve
 * `instanceof`.
 */
import { brandError } from "../kernel/brand.js";

/**
 * The class of {@link Canceled}.
 *
 * @example
 * ```ts
 * if (ctx.err() instanceof CanceledError) console.log("cancelled");
 * ```
 */
export class CanceledError extends Error {
  constructor() {
    super("context canceled");
    this.name = "CanceledError";
  }
}

/**
 * The class of {@link DeadlineExceeded}.
 *
 * @example
 * ```ts
 * if (ctx.err() instanceof DeadlineExceededError) console.log("too slow");
 * ```
 */
export class DeadlineExceededError extends Error {
  constructor() {
    super("context deadline exceeded");
    this.name = "DeadlineExceededError";
  }
}

/**
 * What `err()` returns once a context was cancelled: Go's `context.Canceled`,
 * message `context canceled` (K1).
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withCancel(background());
 * cancel();
 * console.log(ctx.err() === Canceled, String(ctx.err())); // true "CanceledError: context canceled"
 * ```
 */
export const Canceled: CanceledError = new CanceledError();

/**
 * What `err()` returns once a context's deadline passed: Go's
 * `context.DeadlineExceeded`, message `context deadline exceeded` (K1).
 *
 * @example
 * ```ts
 * const [ctx, cancel] = withTimeout(background(), 10);
 * await ctx.done().recv();
 * console.log(ctx.err() === DeadlineExceeded); // true
 * cancel();
 * ```
 */
export const DeadlineExceeded: DeadlineExceededError = new DeadlineExceededError();

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(CanceledError, "CanceledError");
brandError(DeadlineExceededError, "DeadlineExceededError");
