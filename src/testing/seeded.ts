/**
 * The seeded scheduler: everything a gochan program leaves to chance, drawn
 * from one seed, so that a failing run replays exactly.
 *
 * In a gochan program only select is random: which of several ready cases
 * it takes (S2), and in which order a parked select's cases join their
 * queues, and so which parked operation a later send or receive resumes.
 * The rest is fixed by JavaScript: queues are FIFO and continuations run in
 * the order their promises settled. So replacing select's randomness (the
 * binding in src/select/random.ts) with a generator seeded here makes a run
 * a function of its seed and of the order in which its own tasks start.
 * That order is what fast-check's `fc.scheduler()` controls, for the
 * promises the test wraps: {@link GoScheduler} pairs the two.
 */
import { setRandom } from "../select/random.js";

/**
 * A small, fast generator of numbers in [0, 1) from a 32-bit seed
 * (splitmix32): the same seed gives the same sequence, everywhere.
 *
 * @example
 * ```ts
 * const r = prng(42);
 * console.log(r() === prng(42)()); // true
 * ```
 */
export function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

let depth = 0;

/**
 * Runs `fn` with select's random choices drawn from `seed`: which ready
 * case a select takes, and the order of a parked select's cases. The same
 * seed and the same program give the same run. The choices go back to
 * `Math.random` once `fn`'s promise settles. One seeded run at a time.
 *
 * @throws Error (rejects) if another seeded run is in progress.
 *
 * @example
 * ```ts
 * const pick = () => seeded(7, async () => {
 *   const a = new Channel<string>(1), b = new Channel<string>(1);
 *   a.trySend("a"); b.trySend("b");
 *   return (await select([recv(a), recv(b)])).index;
 * });
 * console.log((await pick()) === (await pick())); // true
 * ```
 */
export async function seeded<T>(seed: number, fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
  if (!Number.isInteger(seed)) throw new TypeError(`seeded: seed must be an integer, got ${String(seed)}`);
  if (depth > 0) throw new Error("seeded: one seeded run at a time");
  depth++;
  setRandom(prng(seed));
  try {
    return await fn();
  } finally {
    setRandom(null);
    depth--;
  }
}

/**
 * The slice of fast-check's `Scheduler` (from `fc.scheduler()`) that
 * {@link GoScheduler} uses; typed here so that this module needs no
 * fast-check at run time.
 *
 * @example
 * ```ts
 * const s: FcScheduler = fc.sample(fc.scheduler(), 1)[0]!;
 * ```
 */
export interface FcScheduler {
  /** Wraps `task`: it settles only when the scheduler releases it. */
  schedule<T>(task: Promise<T>, label?: string): Promise<T>;
  /** Releases every wrapped promise, in the scheduler's order, until none is left. */
  waitAll(): Promise<void>;
  /** Releases wrapped promises until none is left and nothing new was scheduled. */
  waitIdle?(): Promise<void>;
  /** What was released, in order. */
  report(): unknown[];
  /** The release order, as fast-check prints it. */
  toString(): string;
}

/**
 * A seed for select's choices and a fast-check scheduler for the order in
 * which tasks start and the promises a test wraps: together, one replayable
 * interleaving of a gochan program. Made by the kit's `scheduler()`
 * arbitrary, so fast-check draws, shrinks and prints it, and
 * `fc.assert(..., { seed, path })` replays it.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(kit.scheduler(), async (s) => {
 *   await s.run(async () => {
 *     const ch = new Channel<number>();
 *     s.go("sender", () => ch.send(1));
 *     s.go("receiver", () => ch.recv());
 *     await s.waitAll();
 *   });
 * }));
 * ```
 */
export class GoScheduler {
  readonly #tasks: Array<Promise<unknown>> = [];

  /**
   * @param seed what select's choices are drawn from.
   * @param fc fast-check's scheduler, for start orders and wrapped promises.
   */
  constructor(
    /** The seed that fixes the scheduler's choices: print it to replay a run. */ readonly seed: number,
    /** fast-check's scheduler, which orders the tasks. */ readonly fc: FcScheduler,
  ) {}

  /**
   * Runs `fn` with select's choices drawn from this scheduler's seed (see {@link seeded}).
   *
   * @example
   * ```ts
   * await s.run(() => program());
   * ```
   */
  run<T>(fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
    return seeded(this.seed, fn);
  }

  /**
   * Starts `fn` as a task once fast-check's scheduler lets it: the order in
   * which tasks begin is then drawn by fast-check, and replayed with it.
   * Returns the task's promise.
   *
   * @example
   * ```ts
   * s.go("producer", () => produce(jobs));
   * s.go("consumer", () => consume(jobs));
   * ```
   */
  go<T>(name: string, fn: () => T | PromiseLike<T>): Promise<Awaited<T>> {
    const p = this.fc.schedule(Promise.resolve(), name).then(fn) as Promise<Awaited<T>>;
    this.#tasks.push(p.catch(() => undefined));
    return p;
  }

  /**
   * Lets fast-check release every scheduled start and wrapped promise, in
   * its order, until none is left; then waits for the tasks started with
   * {@link go} that can finish.
   *
   * @example
   * ```ts
   * await s.waitAll();
   * ```
   */
  async waitAll(): Promise<void> {
    await this.fc.waitAll();
  }

  /**
   * The seed and fast-check's record of what it released, in order: what a
   * failing property prints.
   *
   * @example
   * ```ts
   * console.log(String(s)); // GoScheduler(seed=12345) schedulerFor()`...`
   * ```
   */
  toString(): string {
    return `GoScheduler(seed=${this.seed}) ${this.fc.toString()}`;
  }
}
