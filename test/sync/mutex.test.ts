/**
 * Mutex (M1, M2, M5) and ports of what Go's sync/mutex_test.go checks:
 * TestMutex (a hammer of lockers keeps the section exclusive), TestMutexMisuse
 * (unlock of unlocked), TestMutexFairness (a waiter gets the lock although
 * another task relocks in a loop), and TryLock.
 */
import { describe, expect, it } from "vitest";
import { Mutex, UnlockOfUnlockedMutexError } from "gochan/sync";
import { Mutex as FromRoot } from "gochan";
import { flush, Steps, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { WAITERS } from "../../src/kernel/waitlist.js";

describe("M1: at most one holder", () => {
  it("M1: lock() waits while the mutex is held, tryLock() says whether it took it", async () => {
    const mu = new Mutex();
    expect(FromRoot).toBe(Mutex);
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    const second = track(mu.lock());
    await flush();
    expect(second.settled).toBe(false);
    mu.unlock();
    await flush();
    expect(second.settled).toBe(true);
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
  });

  it("M1: unlocking an unlocked mutex throws Go's sync: unlock of unlocked mutex (Go's TestMutexMisuse)", async () => {
    const mu = new Mutex();
    expect(() => mu.unlock()).toThrow(UnlockOfUnlockedMutexError);
    expect(() => mu.unlock()).toThrow(/^sync: unlock of unlocked mutex$/);
    await mu.lock();
    mu.unlock();
    expect(() => mu.unlock()).toThrow(/^sync: unlock of unlocked mutex$/);
  });

  it("M1: 10 tasks that each lock 100 times around an await never overlap (Go's TestMutex)", async () => {
    const mu = new Mutex();
    let inside = 0;
    let max = 0;
    let count = 0;
    const hammer = async (useTry: boolean) => {
      for (let i = 0; i < 100; i++) {
        if (!(useTry && mu.tryLock())) await mu.lock();
        inside++;
        max = Math.max(max, inside);
        await flush(); // hold the lock across an await
        count++;
        inside--;
        mu.unlock();
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => hammer(i % 2 === 0)));
    expect(max).toBe(1);
    expect(count).toBe(1000);
    expect(mu.tryLock()).toBe(true);
  });

  it("M1: using unlocks at scope end, as defer mu.Unlock(); disposing twice unlocks once", async () => {
    const mu = new Mutex();
    const steps = new Steps();
    const other = (async () => {
      await flush();
      steps.expect(3);
      await mu.lock();
      steps.expect(5);
      mu.unlock();
    })();
    {
      steps.expect(1);
      using held = await mu.lock();
      steps.expect(2);
      await flush();
      await flush();
      steps.expect(4);
      held[Symbol.dispose](); // by hand: the scope's own dispose then does nothing
    }
    await other;
    steps.finish(6);
    expect(mu.tryLock()).toBe(true);
  });
});

describe("M2: no waiter starves", () => {
  it("M2: unlock hands the mutex to the oldest waiter, in arrival order", async () => {
    const mu = new Mutex();
    await mu.lock();
    const order: number[] = [];
    const waiters = [1, 2, 3, 4].map(async (i) => {
      await mu.lock();
      order.push(i);
      mu.unlock();
    });
    await flush();
    mu.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("M2: a later lock() or tryLock() cannot jump the queue between unlock and the waiter's resume", async () => {
    const mu = new Mutex();
    await mu.lock();
    const waiter = track(mu.lock());
    mu.unlock(); // handed to the waiter, which has not resumed yet
    expect(mu.tryLock()).toBe(false);
    const late = track(mu.lock());
    await flush();
    expect(waiter.settled).toBe(true);
    expect(late.settled).toBe(false);
    mu.unlock();
    await flush();
    expect(late.settled).toBe(true);
  });

  it("M2: a task that relocks in a tight loop does not starve a waiter (Go's TestMutexFairness)", async () => {
    const mu = new Mutex();
    let stop = false;
    const greedy = (async () => {
      while (!stop) {
        await mu.lock();
        await Promise.resolve(); // a short critical section
        mu.unlock();
      }
    })();
    await flush();
    let rounds = 0;
    for (let i = 0; i < 10; i++) {
      await mu.lock(); // must get in every time, not after the greedy task quits
      rounds++;
      mu.unlock();
    }
    stop = true;
    await greedy;
    expect(rounds).toBe(10);
  });
});

describe("M5: waiting for the lock takes a signal", () => {
  it("M5: an aborted lock() rejects with the reason, takes nothing, and the next waiter still gets the lock", async () => {
    const mu = new Mutex();
    await mu.lock();
    const ac = new AbortController();
    const aborted = mu.lock({ signal: ac.signal });
    const next = track(mu.lock());
    ac.abort("give up");
    await expect(aborted).rejects.toBe("give up");
    expect(mu[WAITERS]).toBe(1);
    mu.unlock();
    await flush();
    expect(next.settled).toBe(true); // not lost on the aborted waiter
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
  });

  it("M5: the only waiter aborting leaves the mutex held by its holder, and free after its unlock", async () => {
    const mu = new Mutex();
    await mu.lock();
    const ac = new AbortController();
    const p = mu.lock({ signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(mu.tryLock()).toBe(true);
  });

  it("M5: an already-aborted signal rejects at once, even when the mutex is free", async () => {
    const mu = new Mutex();
    await expect(mu.lock({ signal: AbortSignal.abort("no") })).rejects.toBe("no");
    expect(mu.tryLock()).toBe(true);
  });

  it("M5: an abort after the hand-off changes nothing: the lock is held", async () => {
    const mu = new Mutex();
    await mu.lock();
    const ac = new AbortController();
    const p = mu.lock({ signal: ac.signal });
    mu.unlock();
    ac.abort();
    await expect(p).resolves.toBeDefined();
    expect(mu.tryLock()).toBe(false);
  });

  it.runIf(isNode)("M5, X2: 10,000 aborted and 10,000 granted waits leave no listener and no waiter", async () => {
    const mu = new Mutex();
    await mu.lock();
    const ac = new AbortController();
    const waits: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10_000; i++) {
      const one = new AbortController();
      waits.push(mu.lock({ signal: one.signal }).catch(() => "aborted"));
      one.abort();
    }
    for (let i = 0; i < 10_000; i++) waits.push(mu.lock({ signal: ac.signal }).then(() => mu.unlock()));
    mu.unlock();
    await Promise.all(waits);
    expect(mu[WAITERS]).toBe(0);
    expect(await abortListeners(ac.signal)).toBe(0);
    expect(mu.tryLock()).toBe(true);
  });
});
