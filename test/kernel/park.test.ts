/**
 * The kernel's two promises to every primitive, checked over all of them in
 * one table (as Go's channel tests loop over capacities):
 * - D1: a loop of operations that never have to wait still lets the event
 *   loop run a timer (each fast path counts toward the pacing);
 * - D2: an operation that parks is listed by `blocked()` with its kind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { blocked, Channel, Mutex, Once, Pool, RWMutex, Semaphore, sleep, traceBlocked, WaitGroup } from "gochan";

afterEach(() => traceBlocked(false));

/** Each primitive: one operation that completes without waiting, awaited. */
const fastPaths: Record<string, () => () => Promise<unknown>> = {
  "Channel send+receive (buffered)": () => {
    const ch = new Channel<number>(1);
    return async () => {
      await ch.send(1);
      await ch.receive();
    };
  },
  "Semaphore acquire+release": () => {
    const sem = new Semaphore(1);
    return async () => {
      await sem.acquire();
      sem.release();
    };
  },
  "WaitGroup.wait at zero": () => {
    const wg = new WaitGroup();
    return () => wg.wait();
  },
  "Once.do after the first": () => {
    const once = new Once();
    void once.do(() => {});
    return () => once.do(() => {});
  },
  "Mutex lock+unlock": () => {
    const mu = new Mutex();
    return async () => {
      await mu.lock();
      mu.unlock();
    };
  },
  "RWMutex rLock+rUnlock": () => {
    const rw = new RWMutex();
    return async () => {
      await rw.rLock();
      rw.rUnlock();
    };
  },
};

describe("D1: every primitive's fast path yields to the event loop", () => {
  for (const [name, make] of Object.entries(fastPaths)) {
    it(`D1: a loop of ${name} lets a timer run`, async () => {
      const op = make();
      let fired = false;
      setTimeout(() => (fired = true), 0);
      // Bounded: without yields the loop would run all 5 million and the timer after it.
      let n = 0;
      while (!fired && n < 5_000_000) {
        await op();
        n++;
      }
      expect(fired).toBe(true);
      expect(n).toBeLessThan(5_000_000);
    });
  }
});

/** Each primitive: park one operation; what blocked() must call it. */
const parks: Record<string, { reason: string; park: () => { settle: () => void; op: Promise<unknown> } }> = {
  "Channel receive": {
    reason: "chan receive",
    park: () => {
      const ch = new Channel<number>();
      return { op: ch.recv(), settle: () => ch.close() };
    },
  },
  "Semaphore acquire": {
    reason: "semaphore acquire",
    park: () => {
      const sem = new Semaphore(1);
      void sem.acquire();
      return { op: sem.acquire(), settle: () => sem.release() };
    },
  },
  "WaitGroup.wait": {
    reason: "WaitGroup.wait",
    park: () => {
      const wg = new WaitGroup();
      wg.add(1);
      return { op: wg.wait(), settle: () => wg.done() };
    },
  },
  "Once.do while f runs": {
    reason: "Once.do",
    park: () => {
      const once = new Once();
      let finish!: () => void;
      void once.do(() => new Promise<void>((r) => (finish = r)));
      return { op: once.do(() => {}), settle: () => finish() };
    },
  },
  "Mutex lock": {
    reason: "mutex lock",
    park: () => {
      const mu = new Mutex();
      void mu.lock();
      return { op: mu.lock(), settle: () => mu.unlock() };
    },
  },
  "RWMutex rLock behind a writer": {
    reason: "rwmutex rlock",
    park: () => {
      const rw = new RWMutex();
      void rw.lock();
      return { op: rw.rLock(), settle: () => rw.unlock() };
    },
  },
  sleep: {
    reason: "sleep",
    park: () => ({ op: sleep(1), settle: () => {} }),
  },
  "Pool.wait": {
    reason: "Pool.wait",
    park: () => {
      const pool = new Pool<number, number>((j) => j, { workers: 1, buffer: 1, results: 1 });
      return {
        op: pool.wait(),
        settle: () => {
          pool.close();
          void (async () => {
            for await (const _ of pool.results);
          })();
        },
      };
    },
  },
};

describe("D2: every primitive's parked operation is visible to blocked() with its kind", () => {
  for (const [name, { reason, park }] of Object.entries(parks)) {
    it(`D2: ${name} is listed as ${reason} while it waits, and gone once it settles`, async () => {
      traceBlocked();
      const { op, settle } = park();
      expect(blocked().map((b) => b.reason)).toContain(reason);
      settle();
      await op;
      await new Promise((r) => setTimeout(r, 0));
      expect(blocked().map((b) => b.reason)).not.toContain(reason);
    });
  }
});
