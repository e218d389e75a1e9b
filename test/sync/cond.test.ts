/**
 * Cond: Go's sync.Cond, with ports of Go's sync/cond_test.go
 * (TestCondSignal, TestCondSignalGenerations, TestCondBroadcast, TestRace,
 * TestCondSignalStealing) in gochan's terms, deterministic: where Go's
 * tests yield with runtime.Gosched or race goroutines, these let every
 * pending task run (flush) between steps. Then gochan's own additions: a
 * wait that takes an AbortSignal (X1, X2), misuse, and what blocked()
 * and the deadlock report say.
 */
import { describe, expect, it } from "vitest";
import { Channel } from "gochan";
import { Cond, Mutex, RWMutex, UnlockOfUnlockedMutexError } from "gochan/sync";
import { Cond as FromRoot } from "gochan";
import { synctest } from "gochan/testing";
import { flush, track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { STATE } from "../../src/sync/rwmutex.js";
import { WAITERS } from "../../src/kernel/waitlist.js";

describe("sync.Cond: signal wakes one waiter, the oldest", () => {
  it("signal() wakes exactly one waiter each time; signal() with no waiter is harmless (Go's TestCondSignal)", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    expect(FromRoot).toBe(Cond);
    const n = 2;
    const running = new Channel<boolean>(n);
    const awake = new Channel<boolean>(n);
    for (let i = 0; i < n; i++) {
      void (async () => {
        await m.lock();
        await running.send(true);
        await c.wait();
        await awake.send(true);
        m.unlock();
      })();
    }
    for (let i = 0; i < n; i++) await running.recv(); // everyone is running
    await flush(); // ... and asleep in wait()
    for (let left = n; left > 0; left--) {
      expect(awake.tryRecv(), "a task woke without a signal").toBeUndefined();
      await m.lock();
      c.signal();
      m.unlock();
      await awake.recv(); // would never resolve if nobody woke
      await flush();
      expect(awake.tryRecv(), "more than one task woke").toBeUndefined();
    }
    c.signal();
    expect(c[WAITERS]).toBe(0);
  });

  it("waiters wake in the order they began to wait (Go's TestCondSignalGenerations)", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const n = 100;
    const running = new Channel<boolean>(n);
    const awake = new Channel<number>(n);
    for (let i = 0; i < n; i++) {
      void (async () => {
        await m.lock();
        await running.send(true);
        await c.wait();
        await awake.send(i);
        m.unlock();
      })();
      if (i > 0) {
        const [a] = await awake.recv();
        expect(a, "wrong task woke up").toBe(i - 1);
      }
      await running.recv();
      await m.lock();
      c.signal();
      m.unlock();
    }
    expect(await awake.receive()).toBe(n - 1);
  });

  it("with many asleep at once, each signal() wakes the one that has waited longest", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const order: number[] = [];
    const tasks = [0, 1, 2, 3, 4].map(async (i) => {
      await m.lock();
      await c.wait();
      order.push(i);
      m.unlock();
    });
    await flush();
    expect(c[WAITERS]).toBe(5);
    for (let i = 0; i < 5; i++) {
      c.signal();
      // The woken one relocks and runs on (a free lock may still yield to the event loop, D1).
      for (let k = 0; k < 10 && order.length <= i; k++) await flush();
      await flush();
      expect(order).toEqual([0, 1, 2, 3, 4].slice(0, i + 1));
    }
    await Promise.all(tasks);
  });
});

describe("sync.Cond: broadcast wakes every waiter", () => {
  it("broadcast() wakes all 200 waiters, each once, round after round (Go's TestCondBroadcast)", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const n = 200;
    const running = new Channel<number>(n);
    const awake = new Channel<number>(n);
    let exit = false;
    for (let i = 0; i < n; i++) {
      void (async (g: number) => {
        await m.lock();
        while (!exit) {
          await running.send(g);
          await c.wait();
          await awake.send(g);
        }
        m.unlock();
      })(i);
    }
    for (let round = 0; round < n; round++) {
      for (let j = 0; j < n; j++) await running.recv(); // would never resolve unless all n run
      if (round === n - 1) {
        await m.lock();
        exit = true;
        m.unlock();
      }
      await flush();
      expect(awake.tryRecv(), "a task woke without a broadcast").toBeUndefined();
      await m.lock();
      c.broadcast();
      m.unlock();
      const seen = new Set<number>();
      for (let j = 0; j < n; j++) {
        const g = (await awake.receive())!;
        expect(seen.has(g), "a task woke twice").toBe(false);
        seen.add(g);
      }
    }
    await flush();
    expect(running.tryRecv(), "a task did not exit").toBeUndefined();
    c.broadcast();
  });

  it("a broadcast wakes the waiters it finds, not a task that starts to wait after it (Go's TestCondSignalStealing)", async () => {
    for (let iter = 0; iter < 100; iter++) {
      const m = new Mutex();
      const cond = new Cond(m);
      const ch = new Channel<void>();
      void (async () => {
        await m.lock();
        await ch.send();
        await cond.wait();
        m.unlock();
        await ch.send();
      })();
      await ch.recv();
      await m.lock(); // the first waiter is inside wait(): it gave the mutex up
      m.unlock();
      let done = false;
      // The broadcast and a second waiter race; the order depends on the iteration.
      const broadcast = async () => cond.broadcast();
      const second = (async () => {
        await m.lock();
        while (!done) await cond.wait();
        m.unlock();
      })();
      if (iter % 2 === 0) void broadcast();
      else void Promise.resolve().then(broadcast);
      await ch.recv(); // the first waiter must have been woken
      await m.lock();
      done = true;
      m.unlock();
      cond.broadcast(); // in case the second one missed it
      await second;
    }
  });
});

describe("sync.Cond: the state it guards is seen under the lock (Go's TestRace)", () => {
  it("three tasks hand x over through wait and signal, each seeing the value it waited for", async () => {
    const c = new Cond(new Mutex());
    let x = 0;
    const errors: string[] = [];
    const yieldNow = () => flush(); // runtime.Gosched()
    const a = (async () => {
      await c.L.lock();
      x = 1;
      await c.wait();
      if (x !== 2) errors.push(`want 2, got ${x}`);
      x = 3;
      c.signal();
      c.L.unlock();
    })();
    const b = (async () => {
      await c.L.lock();
      for (;;) {
        if (x === 1) {
          x = 2;
          c.signal();
          break;
        }
        c.L.unlock();
        await yieldNow();
        await c.L.lock();
      }
      c.L.unlock();
    })();
    const d = (async () => {
      await c.L.lock();
      for (;;) {
        if (x === 2) {
          await c.wait();
          if ((x as number) !== 3) errors.push(`want 3, got ${x}`); // changed by another task meanwhile
          break;
        }
        if (x === 3) break;
        c.L.unlock();
        await yieldNow();
        await c.L.lock();
      }
      c.L.unlock();
    })();
    await Promise.all([a, b, d]);
    expect(errors).toEqual([]);
    expect(x).toBe(3);
  });
});

describe("sync.Cond: gochan's additions and edges", () => {
  it("X1: a wait whose signal aborts leaves the list, relocks, then rejects; a later signal() wakes the next waiter", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    const ac = new AbortController();
    const log: string[] = [];
    const aborted = (async () => {
      await m.lock();
      try {
        await c.wait({ signal: ac.signal });
        log.push("woken");
      } catch (e) {
        log.push(`aborted, holding the lock: ${!m.tryLock()}`);
        throw e;
      } finally {
        m.unlock();
      }
    })();
    const other = (async () => {
      await m.lock();
      await c.wait();
      log.push("other woken");
      m.unlock();
    })();
    await flush();
    expect(c[WAITERS]).toBe(2);
    await m.lock(); // hold the mutex: the aborted waiter must wait for it before rejecting
    ac.abort(new Error("gave up"));
    await flush();
    expect(c[WAITERS]).toBe(1);
    expect(log).toEqual([]);
    m.unlock();
    await expect(aborted).rejects.toThrow("gave up");
    expect(log).toEqual(["aborted, holding the lock: true"]);
    c.signal(); // not spent on the one that left
    await other;
    expect(log).toEqual(["aborted, holding the lock: true", "other woken"]);
    if (isNode) expect(await abortListeners(ac.signal)).toBe(0);
  });

  it("X1, X2: an already-aborted signal rejects at once and never unlocks; a woken wait leaves no listener", async () => {
    const m = new Mutex();
    const c = new Cond(m);
    await m.lock();
    const ac = new AbortController();
    ac.abort(new Error("before"));
    await expect(c.wait({ signal: ac.signal })).rejects.toThrow("before");
    expect(m.tryLock()).toBe(false); // still ours
    const live = new AbortController();
    const w = track(c.wait({ signal: live.signal }));
    await flush();
    c.signal();
    await flush();
    expect(w.settled).toBe(true);
    expect(m.tryLock()).toBe(false); // relocked by the wait
    m.unlock();
    if (isNode) expect(await abortListeners(live.signal)).toBe(0);
  });

  it("wait() without holding the lock throws the Locker's error at the call and registers nothing", () => {
    const c = new Cond(new Mutex());
    expect(() => c.wait()).toThrow(UnlockOfUnlockedMutexError);
    expect(c[WAITERS]).toBe(0);
    expect(() => new Cond({} as never)).toThrow(TypeError);
    expect(() => new Cond(null as never)).toThrow(TypeError);
  });

  it("a Cond over rw.rLocker() waits as a reader (Go's NewCond(rw.RLocker()))", async () => {
    const rw = new RWMutex();
    const c = new Cond(rw.rLocker());
    let ready = false;
    const readers = [0, 1, 2].map(async () => {
      await rw.rLock();
      while (!ready) await c.wait();
      rw.rUnlock();
    });
    await flush();
    expect(rw[STATE].readers).toBe(0); // all three gave their read lock up in wait()
    await rw.lock();
    ready = true;
    c.broadcast();
    rw.unlock();
    await Promise.all(readers);
    expect(rw[STATE]).toEqual({ readers: 0, writer: false, waiting: 0 });
  });

  it("a task parked in wait() is in blocked() and the deadlock report as sync.Cond.Wait", async () => {
    await expect(
      synctest(async () => {
        const m = new Mutex();
        const c = new Cond(m);
        await m.lock();
        await c.wait(); // nobody will signal
      }),
    ).rejects.toThrow(/deadlock: all goroutines in bubble are blocked[\s\S]*sync\.Cond\.Wait[\s\S]*sync\.Cond, 1 waiting/);
  });
});
