/**
 * One job's run: the context its handler gets, with a signal made only when
 * the handler asks for it.
 *
 * An AbortController per job was a quarter of the pool's time on small jobs
 * (and much of its garbage), and most handlers never read their signal. So
 * the controller is created on first read of `signal`, already aborted if
 * the run was aborted before.
 */
import type { JobContext } from "./types.js";

export class JobRun implements JobContext {
  private controller: AbortController | null = null;
  private reason: unknown;
  private stopped = false;

  constructor(readonly worker: number) {}

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** Whether `abort` has been called. */
  get aborted(): boolean {
    return this.stopped;
  }

  /** Aborts the handler's signal (now, or when it is first read). The first reason wins. */
  abort(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
