/**
 * The errors of the pool helpers where a call is misused, as exported
 * classes so that a caller can tell them apart with `instanceof`.
 */
import { brandError } from "../channel/internal.js";

/**
 * Thrown at the second `for await` over one `map()` stream: a stream runs
 * its inputs once (a second loop would find them taken). Call `map()` again
 * for a second run.
 *
 * @example
 * ```ts
 * const squares = map([1, 2, 3], (n) => n * n);
 * for await (const r of squares) console.log(r.value);
 * try { for await (const r of squares) console.log(r); } catch (e) { console.log(e instanceof MapStreamReusedError); } // true
 * ```
 */
export class MapStreamReusedError extends Error {
  constructor() {
    super("map: a map stream can be iterated once");
    this.name = "MapStreamReusedError";
  }
}

// instanceof holds across the ESM and CommonJS builds (see src/channel/errors.ts).
brandError(MapStreamReusedError, "MapStreamReusedError");
