import { afterEach, describe, expect, it } from "vitest";
import { Channel, ErrGroup, recv, select, Semaphore, sleep, WaitGroup } from "gochan";
import { flush } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";

const N = 100;

/** Every kind of operation that can wait on a signal, parked `N` times on `signal`. */
function parkAll(signal: AbortSignal): Array<Promise<unknown>> {
  const ops: Array<Promise<unknown>> = [];
  const unbuffered = new Channel<number>();
  const other = new Channel<number>();
  const sem = new Semaphore(1);
  sem.tryAcquire();
  const wg = new WaitGroup();
  wg.add(1);
  for (let i = 0; i < N; i++) {
    ops.push(unbuffered.send(i, { signal }));
    ops.push(other.recv({ signal }));
    ops.push(select([recv(other), recv(null)], { signal }));
    ops.push(sleep(60_000, { signal }));
    ops.push(sem.acquire(1, { signal }));
    ops.push(wg.wait({ signal }));
    const g = new ErrGroup({ signal });
    void g.go((s) => new Promise((resolve) => s.addEventListener("abort", resolve)));
    ops.push(g.wait());
  }
  return ops;
}

describe.runIf(isNode)("X2: many operations waiting on one signal", () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => void warnings.push(w);
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it(`X2: ${N} waiters of every kind on one signal make Node print no warning, and all give up when it aborts`, async () => {
    process.on("warning", onWarning);
    const ac = new AbortController();
    const ops = parkAll(ac.signal);
    await flush();
    await flush();
    expect(warnings.map((w) => w.message)).toEqual([]);
    expect(await abortListeners(ac.signal)).toBe(1); // one listener for them all
    ac.abort("stop");
    const settled = await Promise.allSettled(ops);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(N); // the groups' wait(): tasks returned
    expect(settled.filter((s) => s.status === "rejected" && s.reason === "stop")).toHaveLength(6 * N);
    expect(await abortListeners(ac.signal)).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("X2: the shared listener goes when the last waiter on the signal completes, and comes back for the next", async () => {
    const ac = new AbortController();
    const ch = new Channel<number>();
    const a = ch.recv({ signal: ac.signal });
    const b = ch.recv({ signal: ac.signal });
    expect(await abortListeners(ac.signal)).toBe(1);
    await ch.send(1);
    expect(await abortListeners(ac.signal)).toBe(1);
    await ch.send(2);
    expect([await a, await b]).toEqual([[1, true], [2, true]]);
    expect(await abortListeners(ac.signal)).toBe(0);
    const c = ch.recv({ signal: ac.signal });
    expect(await abortListeners(ac.signal)).toBe(1);
    ac.abort("late");
    await expect(c).rejects.toBe("late");
    expect(await abortListeners(ac.signal)).toBe(0);
  });
});
