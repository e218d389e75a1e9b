/**
 * The default number of workers: the platform's parallelism, as the seeds
 * advise ("a pool of workers sized according to the number of available CPU
 * cores"). Browsers and Deno say `navigator.hardwareConcurrency`; Node says
 * `os.availableParallelism()`, reached through `process.getBuiltinModule` so
 * that this file imports nothing Node-only and bundles for the browser.
 */
interface Platform {
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?: (id: string) => { availableParallelism?: () => number } | undefined };
}

/**
 * The platform's parallelism, or 4 where it cannot tell.
 *
 * @example
 * ```ts
 * const pool = new Pool(handler, { workers: defaultWorkers() * 2 }); // seed 001: 2 workers per core
 * ```
 */
export function defaultWorkers(): number {
  const g = globalThis as Platform;
  const n = g.navigator?.hardwareConcurrency ?? g.process?.getBuiltinModule?.("node:os")?.availableParallelism?.();
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : 4;
}
