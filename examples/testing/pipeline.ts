/**
 * The worked example of docs/testing.md: a user's rate-limited pipeline
 * with a timeout per item, and two earlier versions of it with the bugs
 * that gochan/testing finds.
 *
 * `pipeline` fetches the items one at a time, at most `perSecond` a
 * second (a Ticker), and gives each `timeoutMs` before it records a
 * timeout and aborts that fetch.
 */
import { Channel, recv, select } from "gochan";
import { after, Ticker } from "gochan/time";

/** What the pipeline calls per item; it should stop when `signal` aborts. */
export type Fetch = (id: number, signal: AbortSignal) => Promise<string>;

/** Rate and timeout of a run. */
export interface Limits {
  perSecond: number;
  timeoutMs: number;
}

/** The pipeline as it ships: each item's own timeout, and a fetch that timed out is aborted. */
export async function pipeline(ids: readonly number[], fetch: Fetch, { perSecond, timeoutMs }: Limits): Promise<string[]> {
  using limiter = new Ticker(1000 / perSecond);
  const out: string[] = [];
  for (const id of ids) {
    await limiter.C.recv(); // the rate limit: one item per tick
    const ac = new AbortController();
    const result = new Channel<string>(1);
    fetch(id, ac.signal).then(
      (v) => result.trySend(v),
      () => {},
    );
    out.push(await select([recv(result, (v) => v!), recv(after(timeoutMs), () => "timeout")]));
    ac.abort(); // a fetch that lost the race stops now
  }
  return out;
}

/** The first version: it forgets to abort a fetch that timed out, which then runs on (a leak). */
export async function pipelineLeaky(ids: readonly number[], fetch: Fetch, { perSecond, timeoutMs }: Limits): Promise<string[]> {
  using limiter = new Ticker(1000 / perSecond);
  const out: string[] = [];
  for (const id of ids) {
    await limiter.C.recv();
    const result = new Channel<string>(1);
    void fetch(id, new AbortController().signal).then((v) => result.trySend(v));
    out.push(await select([recv(result, (v) => v!), recv(after(timeoutMs), () => "timeout")]));
  }
  return out;
}

/**
 * The second version, with the planted bug a property test finds: one
 * timeout for the whole run (Go's classic `timeout := time.After(d)`
 * outside the loop), so later items get less time than they should.
 */
export async function pipelineSharedTimeout(ids: readonly number[], fetch: Fetch, { perSecond, timeoutMs }: Limits): Promise<string[]> {
  using limiter = new Ticker(1000 / perSecond);
  const timeout = after(timeoutMs); // the bug: made once, not per item
  const out: string[] = [];
  for (const id of ids) {
    await limiter.C.recv();
    const ac = new AbortController();
    const result = new Channel<string>(1);
    fetch(id, ac.signal).then(
      (v) => result.trySend(v),
      () => {},
    );
    out.push(await select([recv(result, (v) => v!), recv(timeout, () => "timeout")]));
    ac.abort();
  }
  return out;
}
