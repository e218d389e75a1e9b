/**
 * The library's monotonic clock, bound once: what the pacing (D1), the
 * diagnostics' timestamps and the pools' job timings read. In Node the
 * global `performance` is a getter, so a bound `now` saves a lookup per
 * read; bound at load, so fake timers installed later (tests) do not stop
 * it. Deadlines are the exception: src/time/timeout.ts reads the global
 * each time, so that fake timers that replace `performance` are seen.
 */
export const now: () => number =
  typeof performance === "object" && typeof performance.now === "function" ? performance.now.bind(performance) : Date.now;
