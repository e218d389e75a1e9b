/**
 * A job runs in its submitter's async context, as p-limit's do: a handler
 * on this thread reads the AsyncLocalStorage stores of the code that sent
 * the job (`submit`, `jobs.send`, a `select` case), not those of whoever
 * happened to start the pool. A task that awaits a channel resumes in its
 * own context already (the promise does that); a job handed to a worker is
 * a value, so its context is captured where it is sent and entered where
 * the handler runs.
 *
 * Invariants: a context is captured in the sender's synchronous call (the
 * send that completes at once, or the one that parks), never later where a
 * worker pulls a parked send in; where the host has no async_hooks (a
 * browser) nothing is captured and handlers run as before. Nothing crosses
 * to a thread: a handler on a thread sees the thread's own stores.
 */

interface Resource {
  runInAsyncScope<A extends unknown[], R>(fn: (...args: A) => R, thisArg: unknown, ...args: A): R;
}

/** The async context a job was sent in. */
export type AsyncContext = Resource;

const AsyncResource = ((): (new (type: string) => Resource) | null => {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const m = p?.getBuiltinModule?.("node:async_hooks") as { AsyncResource?: new (type: string) => Resource } | undefined;
    return m?.AsyncResource ?? null;
  } catch {
    return null;
  }
})();

/** The caller's async context, or undefined where the host has none. */
export function captureContext(): AsyncContext | undefined {
  return AsyncResource === null ? undefined : new AsyncResource("gochan.job");
}
