/**
 * A WaitGroup passed to a goroutine on a thread: Go's `wg *sync.WaitGroup`
 * argument (seed 000's worker calls `defer wg.Done()`). The counter stays
 * with the WaitGroup on the thread that made it; the thread holds a
 * stand-in whose `add`/`done` are posted to it, in order, and whose `wait`
 * asks it. A `done` posted after a send the goroutine awaited reaches the
 * owner after that send completed, so `wg.wait(); close(results)` keeps its
 * meaning across threads.
 */
import { WaitGroup } from "../waitgroup/index.js";
import { decodeError, encodeError } from "../threads/errors.js";
import { flushAll } from "./outbox.js";
import { arrived, registry, unref } from "./registry.js";
import { portPair, type Port } from "./wire.js";

type ToOwner = { t: "add"; delta: number } | { t: "wait"; id: number };
type ToHolder = { t: "waited"; id: number } | { t: "panic"; error: unknown };

/** A port to `wg`, served here, for the thread it is handed to. */
export function serveWaitGroup(wg: WaitGroup): Port {
  const [mine, theirs] = portPair();
  const answer = (m: ToHolder) => {
    flushAll();
    mine.postMessage(m);
    registry.sent++;
  };
  mine.onmessage = (e: { data: ToOwner }) => {
    arrived();
    const m = e.data;
    if (m.t === "wait") void wg.wait().then(() => answer({ t: "waited", id: m.id }));
    else {
      try {
        wg.add(m.delta);
      } catch (error) {
        answer({ t: "panic", error: encodeError(error) });
      }
    }
  };
  unref(mine);
  return theirs;
}

/** The stand-in a goroutine on another thread holds. */
export class RemoteWaitGroup extends WaitGroup {
  readonly #port: Port;
  readonly #waits = new Map<number, () => void>();
  #next = 1;

  constructor(port: Port) {
    super();
    this.#port = port;
    port.onmessage = (e: { data: ToHolder }) => {
      arrived();
      const m = e.data;
      if (m.t === "panic") {
        const error = decodeError(m.error);
        setTimeout(() => {
          throw error; // Go's negative WaitGroup counter panic, on the thread that caused it
        }, 0);
        return;
      }
      this.#waits.get(m.id)?.();
      this.#waits.delete(m.id);
    };
    unref(port);
  }

  #post(m: ToOwner): void {
    flushAll(); // a done after a send with a credit: the value reaches its owner first
    this.#port.postMessage(m);
    registry.sent++;
  }

  override add(delta = 1): void {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`sync: WaitGroup delta must be a safe integer, got ${String(delta)}`);
    this.#post({ t: "add", delta });
  }

  override wait(options?: { signal?: AbortSignal | undefined }): Promise<void> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#next++;
    return new Promise<void>((resolve, reject) => {
      // Waiting has no effect to undo: an abort rejects here, and the owner's answer is dropped.
      const onAbort = () => {
        this.#waits.delete(id);
        reject(signal!.reason);
      };
      this.#waits.set(id, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#post({ t: "wait", id });
    });
  }
}
