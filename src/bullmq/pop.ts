/**
 * Popping the run's results list in batches: BLMPOP where Redis has it
 * (7.0 and later), BLPOP then LPOP before. Apart from the producer because
 * which command a Redis answers is learnt once, at the first "unknown
 * command", and is nobody else's business.
 */
import type { RedisClient } from "bullmq";

/** Most results popped in one round trip. */
const POP = 1000;

export class ResultsList {
  readonly #client: RedisClient;
  readonly #key: string;
  /** Whether Redis has BLMPOP (7.0 and later); cleared at the first "unknown command". */
  #blmpop = true;

  constructor(client: RedisClient, key: string) {
    this.#client = client;
    this.#key = key;
  }

  /**
   * Up to POP results (JSON), waiting up to a second for the first; null if
   * none came, or if BLMPOP turned out unknown (the next pop asks the older
   * way). Throws what else Redis throws.
   */
  async pop(): Promise<string[] | null> {
    const client = this.#client;
    const key = this.#key;
    try {
      if (this.#blmpop) {
        // Redis 7: a batch in one blocking round trip.
        const got = (await client.runCommand("blmpop", [1, 1, key, "LEFT", "COUNT", POP])) as [string, string[]] | null;
        return got === null ? null : got[1];
      }
      const got = (await client.runCommand("blpop", [key, 1])) as [string, string] | null;
      if (got === null) return null;
      const items = [got[1]];
      const more = (await client.runCommand("lpop", [key, POP])) as string[] | null;
      if (more !== null) items.push(...more);
      return items;
    } catch (e) {
      if (this.#blmpop && /unknown command/i.test(String((e as Error)?.message))) {
        this.#blmpop = false; // Redis before 7: BLPOP for the first, LPOP for the rest
        return null;
      }
      throw e;
    }
  }
}
