/**
 * RWMutex (M3, M5) and ports of what Go's sync/rwmutex_test.go checks:
 * TestParallelReaders (readers hold it together), TestRWMutex (a hammer of
 * readers and writers keeps writers exclusive), TestRLocker, the misuse
 * tests, and TryLock/TryRLock.
 */
import { describe, expect, it } from "vitest";
import { RUnlockOfUnlockedRWMutexError, RWMutex, UnlockOfUnlockedRWMutexError } from "gochan/sync";
import { flush, track } from "../support/flush.js";
import { STATE } from "../../src/sync/rwmutex.js";

describe("M3: any number of readers or one writer", () => {
  it("M3: many readers hold the lock at once (Go's TestParallelReaders)", async () => {
    const rw = new RWMutex();
    const n = 10;
    let inside = 0;
    let max = 0;
    const readers = Array.from({ length: n }, async () => {
      await rw.rLock();
      inside++;
      max = Math.max(max, inside);
      await flush();
      inside--;
      rw.rUnlock();
    });
    await Promise.all(readers);
    expect(max).toBe(n);
  });

  it("M3: a writer excludes readers and writers, across awaits (Go's TestRWMutex hammer)", async () => {
    const rw = new RWMutex();
    let readers = 0;
    let writers = 0;
    let bad = 0;
    const reader = async () => {
      for (let i = 0; i < 50; i++) {
        await rw.rLock();
        readers++;
        if (writers > 0) bad++;
        await flush();
        readers--;
        rw.rUnlock();
      }
    };
    const writer = async () => {
      for (let i = 0; i < 50; i++) {
        await rw.lock();
        writers++;
        if (writers > 1 || readers > 0) bad++;
        await flush();
        writers--;
        rw.unlock();
      }
    };
    await Promise.all([reader(), writer(), reader(), writer(), reader()]);
    expect(bad).toBe(0);
    expect(rw.tryLock()).toBe(true);
  });

  it("M3: a waiting writer holds back new readers, so readers cannot starve it", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const w = track(rw.lock());
    expect(rw.tryRLock()).toBe(false);
    const r2 = track(rw.rLock());
    await flush();
    expect([w.settled, r2.settled]).toEqual([false, false]);
    rw.rUnlock(); // the last reader out lets the writer in
    await flush();
    expect([w.settled, r2.settled]).toEqual([true, false]);
    rw.unlock(); // and the writer's unlock lets the waiting reader in
    await flush();
    expect(r2.settled).toBe(true);
    rw.rUnlock();
    expect(rw[STATE]).toEqual({ readers: 0, writer: false, waiting: 0 });
  });

  it("M3: a writer's unlock lets every waiting reader in before the next writer, so writers cannot starve readers", async () => {
    const rw = new RWMutex();
    await rw.lock();
    const order: string[] = [];
    const task = (name: string, write: boolean) =>
      (async () => {
        await (write ? rw.lock() : rw.rLock());
        order.push(name);
        await flush();
        write ? rw.unlock() : rw.rUnlock();
      })();
    const all = [task("r1", false), task("w2", true), task("r3", false)];
    await flush();
    rw.unlock();
    await Promise.all(all);
    expect(order).toEqual(["r1", "r3", "w2"]);
  });

  it("M3: misuse throws Go's messages", () => {
    const rw = new RWMutex();
    expect(() => rw.rUnlock()).toThrow(RUnlockOfUnlockedRWMutexError);
    expect(() => rw.rUnlock()).toThrow(/^sync: RUnlock of unlocked RWMutex$/);
    expect(() => rw.unlock()).toThrow(UnlockOfUnlockedRWMutexError);
    expect(() => rw.unlock()).toThrow(/^sync: Unlock of unlocked RWMutex$/);
    expect(rw.tryRLock()).toBe(true);
    expect(() => rw.unlock()).toThrow(/^sync: Unlock of unlocked RWMutex$/); // read-locked is not write-locked
    rw.rUnlock();
    expect(rw.tryLock()).toBe(true);
    expect(() => rw.rUnlock()).toThrow(/^sync: RUnlock of unlocked RWMutex$/);
  });

  it("M3: tryLock and tryRLock (Go's TestRWMutex TryLock checks)", () => {
    const rw = new RWMutex();
    expect(rw.tryLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    expect(rw.tryRLock()).toBe(false);
    rw.unlock();
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    rw.rUnlock();
    rw.rUnlock();
    expect(rw.tryLock()).toBe(true);
  });

  it("M3: rLocker() locks for reading (Go's TestRLocker); using read-unlocks", async () => {
    const rw = new RWMutex();
    const r = rw.rLocker();
    await r.lock();
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    rw.rUnlock();
    r.unlock();
    {
      using _ = await rw.rLock();
      expect(rw[STATE].readers).toBe(1);
    }
    {
      using _ = await rw.lock();
      expect(rw[STATE].writer).toBe(true);
    }
    expect(rw[STATE]).toEqual({ readers: 0, writer: false, waiting: 0 });
  });
});

describe("M5: waits on an RWMutex take a signal", () => {
  it("M5: a waiting writer that aborts lets in the readers it held back", async () => {
    const rw = new RWMutex();
    await rw.rLock();
    const ac = new AbortController();
    const w = rw.lock({ signal: ac.signal });
    const r = track(rw.rLock());
    await flush();
    expect(r.settled).toBe(false);
    ac.abort("writer gave up");
    await expect(w).rejects.toBe("writer gave up");
    await flush();
    expect(r.settled).toBe(true);
    expect(rw[STATE]).toEqual({ readers: 2, writer: false, waiting: 0 });
  });

  it("M5: an aborted reader takes nothing; the writer ahead and the waiters behind are unaffected", async () => {
    const rw = new RWMutex();
    await rw.lock();
    const ac = new AbortController();
    const r = rw.rLock({ signal: ac.signal });
    const w2 = track(rw.lock());
    ac.abort();
    await expect(r).rejects.toMatchObject({ name: "AbortError" });
    rw.unlock();
    await flush();
    expect(w2.settled).toBe(true);
    expect(rw[STATE]).toEqual({ readers: 0, writer: true, waiting: 0 });
    await expect(rw.rLock({ signal: AbortSignal.abort("pre") })).rejects.toBe("pre");
  });
});
