/**
 * Which of a run's jobs workers hold, looked at once a second: a separate
 * concern from sending and reporting (it changes nothing, it only makes a
 * wait visible in the producer's stats()), with its own timer and state.
 */
import type { RedisClient } from "bullmq";

/** How often the producer looks at which of its jobs workers hold, in ms. */
const LOOK = 1000;

/** What the look reads of its producer. */
export interface HeldHost {
  client(): RedisClient | undefined;
  finished(): boolean;
  unreported(): number;
}

export class Held {
  /** This run's jobs active in Redis at the last look: with their worker's lock, and with it lapsed (a dead or frozen worker). */
  #held = { running: 0, stalled: 0 };
  #looking = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** `<prefix>:<queue>:`, and `<run id>-`, which every job id of the run starts with. */
  readonly #base: string;
  readonly #ours: string;
  readonly #host: HeldHost;

  constructor(base: string, ours: string, host: HeldHost) {
    this.#base = base;
    this.#ours = ours;
    this.#host = host;
  }

  /** At the last look (up to a second old). */
  get now(): { readonly running: number; readonly stalled: number } {
    return this.#held;
  }

  start(): void {
    this.#timer = setInterval(() => void this.#look(), LOOK);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#held = { running: 0, stalled: 0 };
  }

  /**
   * Looks at which of this run's jobs workers hold: those active in Redis,
   * and among them those whose lock has lapsed. A lapsed lock means the
   * worker died or its event loop froze past `lockDuration`; the job waits
   * for BullMQ's stalled check to hand it on, which may take up to about
   * `lockDuration + 2 × stalledInterval` (a minute with BullMQ's defaults).
   * `stats()` shows both, so a run waiting on such jobs is visibly waiting.
   * Two round trips a second, and only while jobs are unreported.
   */
  async #look(): Promise<void> {
    const client = this.#host.client();
    if (this.#looking || client === undefined || this.#host.finished()) return;
    if (this.#host.unreported() === 0) {
      this.#held = { running: 0, stalled: 0 };
      return;
    }
    this.#looking = true;
    try {
      const base = this.#base;
      const ours = this.#ours;
      const ids = ((await client.lrange(`${base}active`, 0, -1)) as string[]).filter((id) => id.startsWith(ours));
      let stalled = 0;
      if (ids.length > 0) {
        const m = client.pipeline();
        for (const id of ids) m.runCommand("exists", [`${base}${id}:lock`]);
        for (const [e, v] of (await m.exec()) ?? []) if (e === null && Number(v) === 0) stalled++;
      }
      this.#held = { running: ids.length - stalled, stalled };
    } catch {
      // Redis away: the last look stands
    } finally {
      this.#looking = false;
    }
  }
}
