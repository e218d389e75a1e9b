/**
 * Once, onceFunc, onceValue, onceValues: Go's `sync.Once` and Go 1.21's
 * `sync.OnceFunc`, `OnceValue`, `OnceValues`.
 *
 * Go treats an `f` that panics as having returned: `Once.Do` does not run it
 * again (M4). The caller that ran it gets the error; the others, who only
 * waited for it to finish, do not, as in Go where the panic unwinds the
 * first goroutine only. The `once*` functions instead remember the error
 * and throw it from every call, as Go's do.
 *
 * `f` may be async: "finished" then means its promise settled.
 */
import type { OpOptions } from "../channel/index.js";
import { signalOf } from "../kernel/options.js";
import { isThenable } from "../kernel/thenable.js";
import { ready } from "../kernel/pace.js";
import { WaitList } from "../kernel/waitlist.js";
import { OnceCalledItselfError } from "./errors.js";

const NOT_RUN = 0;
const RUNNING = 1;
const DONE = 2;

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Runs a function once: Go's `sync.Once`.
 *
 * @example
 * ```ts
 * const once = new Once();
 * let config: Config | undefined;
 * async function getConfig() {
 *   await once.do(async () => { config = await loadConfig(); });
 *   return config!;
 * }
 * ```
 */
export class Once {
  #state = NOT_RUN;
  /** The callers that came while the first call's `f` runs: granted when it finishes. */
  readonly #waiting = new WaitList();

  /**
   * Runs `fn` if no call of `do` has run it yet: Go's `once.Do(f)`. Resolves
   * once `fn` has finished, whichever call ran it: callers that come while
   * it runs wait for it (M4).
   *
   * - `fn` throws (or rejects): this call rejects with its error; `fn` counts
   *   as done and is never run again, and the callers that waited resolve (M4).
   * - Cancellation: `signal` ends the wait of a caller that did not run `fn`:
   *   it rejects with `signal.reason` and changes nothing (X1, X2). The caller
   *   that runs `fn` waits for it, as a goroutine cannot leave its own call;
   *   an already-aborted signal rejects before `fn` is run.
   * - Go deadlocks when `fn` calls `do` on the same Once; here that inner call
   *   does not run `fn` and settles once `fn` has finished, so awaiting it
   *   inside `fn` never settles.
   *
   * @throws TypeError at the call if `fn` is not a function.
   *
   * @example
   * ```ts
   * const once = new Once();
   * await Promise.all([1, 2, 3].map(() => once.do(() => console.log("only once"))));
   * ```
   */
  do(fn: () => unknown, options?: OpOptions): Promise<void> {
    if (typeof fn !== "function") throw new TypeError(`sync: Once.Do needs a function, got ${typeof fn}`);
    const signal = signalOf(options, "sync: Once.Do");
    if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);
    if (this.#state === DONE) return ready();
    if (this.#state === RUNNING) return this.#waiting.park<void>(0, signal, "Once.do", this);
    this.#state = RUNNING;
    const done = () => {
      this.#state = DONE;
      // The others wait for fn to finish, not for its error (M4).
      for (const w of this.#waiting.values()) w.grant(undefined);
    };
    let result: unknown;
    try {
      result = fn();
    } catch (e) {
      done();
      return Promise.reject(e);
    }
    if (!isThenable(result)) {
      done();
      return RESOLVED;
    }
    return Promise.resolve(result).then(done, (e: unknown) => {
      done();
      throw e;
    });
  }
}



/**
 * A function that calls `f` the first time it is called and then returns
 * (or throws) what that call did: the shared core of the `once*` functions.
 */
function memo<R>(f: () => R, what: string): () => R {
  if (typeof f !== "function") throw new TypeError(`sync: ${what} needs a function, got ${typeof f}`);
  let state = NOT_RUN;
  let value: R;
  let failed = false;
  let error: unknown;
  let fn: (() => R) | null = f;
  return () => {
    if (state === NOT_RUN) {
      state = RUNNING;
      const g = fn!;
      fn = null; // let f be collected, as Go's OnceFunc does
      try {
        value = g();
      } catch (e) {
        error = e;
        failed = true;
        state = DONE;
        throw e;
      }
      state = DONE;
      return value;
    }
    if (state === RUNNING) throw new OnceCalledItselfError(what);
    if (failed) throw error;
    return value;
  };
}

/**
 * A function that runs `f` only the first time it is called: Go 1.21's
 * `sync.OnceFunc(f)`. If `f` throws, every call throws the same error (as
 * Go re-panics with the same value). An async `f` gives every call the same
 * promise.
 *
 * @throws TypeError at the call if `f` is not a function.
 * @throws OnceCalledItselfError from the returned function, if `f` calls it
 *   while it runs (Go deadlocks).
 *
 * @example
 * ```ts
 * const initLogger = onceFunc(() => console.log("logger ready"));
 * initLogger();
 * initLogger(); // prints nothing
 * ```
 */
export function onceFunc<R extends void | Promise<void>>(f: () => R): () => R {
  return memo(f, "OnceFunc");
}

/**
 * A function that calls `f` once and returns its value from every call: Go
 * 1.21's `sync.OnceValue(f)`. If `f` throws, every call throws the same
 * error. An async `f` gives every call the same promise, so concurrent
 * callers share one run.
 *
 * @throws TypeError at the call if `f` is not a function.
 * @throws OnceCalledItselfError from the returned function, if `f` calls it
 *   while it runs (Go deadlocks).
 *
 * @example
 * ```ts
 * const config = onceValue(() => JSON.parse(readFileSync("config.json", "utf8")));
 * console.log(config().port, config().host); // parsed once
 * ```
 */
export function onceValue<T>(f: () => T): () => T {
  return memo(f, "OnceValue");
}

/**
 * Go 1.21's `sync.OnceValues(f)` for an `f` that returns two values: here a
 * pair `[a, b]`, often Go's `(value, err)`. Calls `f` once and returns the
 * same pair from every call; if `f` throws, every call throws the same error.
 *
 * @throws TypeError at the call if `f` is not a function.
 * @throws OnceCalledItselfError from the returned function, if `f` calls it
 *   while it runs (Go deadlocks).
 *
 * @example
 * ```ts
 * const load = onceValues((): [string | undefined, Error | undefined] => {
 *   try { return [readFileSync("token", "utf8"), undefined]; } catch (e) { return [undefined, e as Error]; }
 * });
 * const [token, err] = load();
 * ```
 */
export function onceValues<A, B>(f: () => readonly [A, B]): () => readonly [A, B] {
  return memo(f, "OnceValues");
}
