/**
 * Error brands: `instanceof` across copies of gochan.
 *
 * An app may load both the ESM and the CommonJS build (one through a
 * dependency), and an error thrown by one must still be an instance of the
 * other's class. Each class's prototype carries a `Symbol.for` brand, which
 * both copies share, and the class's `Symbol.hasInstance` accepts it, as
 * `select` accepts channels by their `Symbol.for` handle (src/channel/handle.ts).
 * Every error class of every folder is branded here, once.
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

