/**
 * transfer(value, list): move buffers across a thread boundary instead of
 * copying them, in either direction (a job sent to a thread, a result sent
 * back), as postMessage's transfer list does.
 *
 * The list is remembered beside the value (a WeakMap keyed by the value), so
 * the value keeps its own type and a `Result` reports the job the user
 * submitted. The map lives on `globalThis` under a `Symbol.for` key: a
 * handler module that imports `gochan/threads` from the built package and the
 * pool that loaded it from source still share one.
 */
const KEY = Symbol.for("gochan.transfer");

type Registry = WeakMap<object, object[]>;
const g = globalThis as { [KEY]?: Registry };
const registry: Registry = (g[KEY] ??= new WeakMap());

/**
 * Marks `value` to be moved, not copied, when it crosses to or from a thread:
 * each ArrayBuffer (or the buffer of a typed array), MessagePort or other
 * transferable in `list` is detached on the sending side. Returns `value`.
 *
 * @throws TypeError if `value` is not an object or `list` is not an array.
 *
 * @example
 * ```ts
 * const pixels = new Uint8Array(1 << 20);
 * await pool.submit(transfer({ width: 512, pixels }, [pixels.buffer])); // pixels.byteLength is 0 now
 * // and in the handler module: return transfer(out, [out.buffer]);
 * ```
 */
export function transfer<T extends object>(value: T, list: readonly object[]): T {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`transfer: value must be an object (a primitive is copied anyway), got ${value === null ? "null" : typeof value}`);
  }
  if (!Array.isArray(list)) throw new TypeError("transfer: list must be an array of transferables");
  registry.set(value, list.map((x) => (ArrayBuffer.isView(x) ? x.buffer : x)));
  return value;
}

/** The transfer list recorded for `value`, forgotten once read: a value is moved once. */
export function takeTransfers(value: unknown): object[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const list = registry.get(value);
  if (list !== undefined) registry.delete(value);
  return list;
}
