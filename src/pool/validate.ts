import { startOf } from "../threads/source.js";

/** The pool's checks of its options, each naming what it checks. */

export function count(n: unknown, what: string, min: number): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`pool: ${what} must be an integer ≥ ${min}, got ${String(n)}`);
  }
  return n;
}

export function duration(ms: unknown, what: string, zero = false): number {
  if (typeof ms !== "number" || !(zero ? ms >= 0 : ms > 0) || ms === Number.POSITIVE_INFINITY) {
    throw new RangeError(`pool: ${what} must be a ${zero ? "non-negative" : "positive"} number of milliseconds, got ${String(ms)}`);
  }
  return ms;
}

/** A handler module as a URL (a URL, a `file:` URL string, or an absolute path), or the app's own thread start function (`threads()`). */
export function moduleOf(m: unknown): URL | (() => object) {
  if (m instanceof URL) return m;
  const start = startOf(m);
  if (start !== undefined) return start;
  if (typeof m === "string" && m !== "") {
    if (/^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m)) return new URL(m);
    if (m.startsWith("/") || /^[a-z]:[\\/]/i.test(m)) return new URL(`file://${m.startsWith("/") ? "" : "/"}${m.replace(/\\/g, "/")}`);
    throw new TypeError(`pool: a handler module must be a URL or an absolute path (new URL("${m}", import.meta.url)), got "${m}"`);
  }
  throw new TypeError(`pool: handler must be a function or a module (a URL or a path), got ${m === null ? "null" : typeof m}`);
}
