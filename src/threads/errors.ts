/**
 * Errors across a boundary: the one codec for an error that leaves this
 * thread, to another thread (structured clone) or through Redis to another
 * process (JSON, gochan/bullmq). What may cross is the caller's predicate;
 * the record is the same.
 *
 * Structured clone keeps an Error's message and, on some engines, its name
 * and stack, but drops `cause` on some and own fields (`code`, `errno`...)
 * on all. So an error travels as a plain record and is rebuilt on the other
 * side as an Error of the same built-in class (TypeError, RangeError...),
 * with its name, message, stack, cause and own fields: `instanceof Error`
 * holds, and `err.code` reads as it did in the thread.
 */
import { brandError } from "../kernel/brand.js";

/** An error as it crosses a boundary: what a thread, or a broker worker, sends for a handler's throw. */
export interface WireError {
  readonly gochanError: 1;
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly cause?: unknown;
  readonly fields: Record<string, unknown>;
}

const BUILTINS: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/** Whether a value can cross as it is: structured-cloneable for a thread; the broker checks JSON. */
export type Carries = (value: unknown) => boolean;

/** `e` ready to cross: an Error becomes a record whose fields `carries` accepts; anything else is sent as it is. */
export function encodeError(e: unknown, carries: Carries = cloneable, depth = 0): unknown {
  if (!(e instanceof Error) && !(typeof e === "object" && e !== null && "message" in e && "name" in e)) return e;
  const err = e as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(err)) {
    if (key === "name" || key === "message" || key === "stack" || key === "cause") continue;
    if (carries(err[key])) fields[key] = err[key];
  }
  const out: { -readonly [K in keyof WireError]: WireError[K] } = {
    gochanError: 1,
    name: String(err.name),
    message: String(err.message),
    stack: typeof err.stack === "string" ? err.stack : undefined,
    fields,
  };
  if ("cause" in err && depth < 8) {
    const cause = encodeError(err.cause, carries, depth + 1);
    if (carries(cause)) out.cause = cause;
  }
  return out;
}

/** The error `x` stands for: a record from {@link encodeError} is rebuilt; anything else is returned as it is. */
export function decodeError(x: unknown): unknown {
  if (typeof x !== "object" || x === null || (x as WireError).gochanError !== 1) return x;
  const w = x as WireError;
  const Ctor = BUILTINS[w.name] ?? Error;
  const err = ("cause" in w ? new Ctor(w.message, { cause: decodeError(w.cause) }) : new Ctor(w.message)) as Error & Record<string, unknown>;
  if (err.name !== w.name) Object.defineProperty(err, "name", { value: w.name, configurable: true, writable: true });
  if (w.stack !== undefined) Object.defineProperty(err, "stack", { value: w.stack, configurable: true, writable: true });
  Object.assign(err, w.fields);
  return err;
}

function cloneable(v: unknown): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return typeof v !== "symbol";
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * A thread that ended while it had jobs: it exited (`process.exit`), threw
 * outside a handler, ran out of memory under `resourceLimits`, or was killed
 * after overrunning its deadline. The job it was running reports this error;
 * the pool replaces the thread and goes on.
 *
 * @example
 * ```ts
 * for await (const r of pool.results) {
 *   if (r.status === "failed" && r.error instanceof ThreadExitError) console.log("thread died:", r.error.message);
 * }
 * ```
 */
export class ThreadExitError extends Error {
  constructor(
    message: string,
    /** The thread's exit code, where the platform tells it. */
    readonly exitCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ThreadExitError";
  }
}

brandError(ThreadExitError, "ThreadExitError");

/**
 * Why a thread could not load its handler module, as {@link ThreadLoadError}'s `reason`:
 *
 * - `"not-found"`: nothing at the URL (or, in a browser, nothing served there as JavaScript);
 * - `"import-not-found"`: the module was found, an import of it was not;
 * - `"syntax"`: the module (or one it imports) has a syntax error;
 * - `"not-a-module"`: the URL names something that is no JavaScript module;
 * - `"typescript"`: TypeScript this Node cannot run without a loader;
 * - `"inlined"`: a `data:` URL, as a bundler makes of an asset it inlines;
 * - `"no-handler"`: the module loaded but has no such export function;
 * - `"entry-not-found"`: the thread's own entry (gochan's, or the app's worker file) did not start;
 * - `"permission"`: the platform refused to read a file (Deno without `--allow-read`);
 * - `"failed"`: anything else the module threw while loading.
 *
 * @example
 * ```ts
 * const reason: ThreadLoadFailure = "not-found";
 * ```
 */
export type ThreadLoadFailure =
  | "not-found"
  | "import-not-found"
  | "syntax"
  | "not-a-module"
  | "typescript"
  | "inlined"
  | "no-handler"
  | "entry-not-found"
  | "permission"
  | "failed";

/**
 * A pool's threads could not load its handler module, so no job can run:
 * every job fails with this error, and no thread is restarted (a new one
 * would fail the same way). Its message names the module's URL and why,
 * then a one-line `hint:`; `reason` says why in a word, and `cause` is the
 * platform's own error. It is a {@link ThreadExitError}, so code that tests
 * for that still matches.
 *
 * @example
 * ```ts
 * for await (const r of pool.results) {
 *   if (r.status === "failed" && r.error instanceof ThreadLoadError) {
 *     console.error(r.error.message); // pool: cannot load the handler module file:///app/work.js: it was not found ...
 *     break;
 *   }
 * }
 * ```
 */
export class ThreadLoadError extends ThreadExitError {
  constructor(
    message: string,
    /** The handler module's URL (the app's worker, for `threads(start)`). */
    readonly module: string,
    /** Why, in a word. */
    readonly reason: ThreadLoadFailure,
    options?: { cause?: unknown; exitCode?: number | undefined },
  ) {
    super(message, options?.exitCode, options !== undefined && "cause" in options ? { cause: options.cause } : undefined);
    this.name = "ThreadLoadError";
  }
}

brandError(ThreadLoadError, "ThreadLoadError");
