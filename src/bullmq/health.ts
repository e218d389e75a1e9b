/**
 * Watching one Redis connection for an outage longer than a bound, for the
 * producer and for a worker alike. ioredis reconnects by itself; this only
 * decides when waiting has gone on long enough to give up, and says so
 * with a RedisUnavailableError instead of hanging.
 */
import { RedisUnavailableError } from "./wire.js";

export interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export class Health {
  private downSince: number | undefined;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  /** The last error the connection reported, for messages. */
  lastError: unknown;

  /**
   * @param bound ms Redis may stay unreachable; Infinity never gives up.
   * @param onReady every `ready` after the first (a reconnect).
   * @param onGiveUp called once, past the bound.
   */
  constructor(
    client: Emitter,
    private readonly bound: number,
    onReady: () => void,
    private readonly onGiveUp: (e: RedisUnavailableError) => void,
    private readonly unreported: () => number,
  ) {
    let first = true;
    client.on("error", (e) => {
      this.lastError = e;
      this.down();
    });
    client.on("close", () => this.down());
    client.on("ready", () => {
      this.downSince = undefined;
      if (first) first = false;
      else onReady();
    });
    if (Number.isFinite(bound)) {
      this.timer = setInterval(() => this.check(), Math.min(250, Math.max(10, bound / 4)));
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  private down(): void {
    this.downSince ??= Date.now();
  }

  private check(): void {
    if (this.downSince === undefined) return;
    const downFor = Date.now() - this.downSince;
    if (downFor > this.bound) {
      this.stop();
      this.onGiveUp(new RedisUnavailableError(downFor, this.unreported()));
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}
