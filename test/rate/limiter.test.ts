/**
 * gochan/rate (L1-L4), with ports of the cases of Go's x/time/rate
 * rate_test.go. Go's tests call the *At forms with fake times t0, t1, ...
 * (t_k = t0 + k·100 ms); here every test runs in a synctest bubble and
 * moves the virtual clock to t_k with sleep, so the same steps run on the
 * limiter's real clock seam, and no test takes real time.
 *
 * Go's cases that move time backwards (TestLimiterJumpBackwards,
 * TestReserveJumpBack, TestReserveJumpBackCancel) have no port: gochan's
 * clock is monotonic and the limiter has no *At forms.
 */
import { describe, expect, it } from "vitest";
import { Channel, recv, select, WaitGroup } from "gochan";
import { every, ExceedsBurstError, ExceedsDeadlineError, Inf, InfDuration, Limiter, type Reservation } from "gochan/rate";
import { Limiter as FromRoot } from "gochan";
import { after, sleep } from "gochan/time";
import { background, withTimeout } from "gochan/context";
import { synctest, wait } from "gochan/testing";
// The bubble's clock to the fraction of a ms (gochan/testing's now() is a Date: whole ms).
import { now as monotonic } from "../../src/time/duration.js";
import { track } from "../support/flush.js";
import { abortListeners, isNode } from "../support/node.js";
import { WAITERS } from "../../src/kernel/waitlist.js";
import { ARMED } from "../../src/rate/limiter.js";

const D = 100; // Go's d

/** Moves the bubble's clock to t_k, k·D ms after `t0`. */
async function to(t0: number, k: number): Promise<void> {
  const left = t0 + k * D - monotonic();
  if (left > 0) await sleep(left);
}

const clock = (): number => monotonic();

interface Step {
  k: number;
  toks: number;
  n: number;
  ok: boolean;
}

/** Go's run(): at each step's time, tokens() is `toks` and allow(n) is `ok`. */
async function run(lim: Limiter, steps: Step[]): Promise<void> {
  const t0 = clock();
  for (const [i, s] of steps.entries()) {
    await to(t0, s.k);
    expect(lim.tokens(), `step ${i}: tokens at t${s.k}`).toBeCloseTo(s.toks, 9);
    expect(lim.allow(s.n), `step ${i}: allow(${s.n}) at t${s.k}`).toBe(s.ok);
  }
}

/** Go's runReserve: reserve(n) now, OK as expected, acting at t_act. */
function reserveAt(lim: Limiter, t0: number, n: number, act: number, ok = true): Reservation {
  const r = lim.reserve(n);
  expect(r.ok, `reserve(${n}) ok`).toBe(ok);
  if (ok) expect(clock() + r.delay(), `reserve(${n}) acts at t${act}`).toBeCloseTo(t0 + act * D, 6);
  else expect(r.delay()).toBe(InfDuration);
  return r;
}

/** The limiter's insides that X2 is about: claims parked and a timer armed. */
function leftovers(lim: Limiter): { waiting: number; timer: boolean } {
  return { waiting: lim[WAITERS], timer: lim[ARMED] };
}

describe("L1: a token bucket that starts full; allow() never waits", () => {
  it("L1: one token, refilled every 100 ms (Go's TestLimiterBurst1)", () =>
    synctest(() =>
      run(new Limiter(10, 1), [
        { k: 0, toks: 1, n: 1, ok: true },
        { k: 0, toks: 0, n: 1, ok: false },
        { k: 0, toks: 0, n: 1, ok: false },
        { k: 1, toks: 1, n: 1, ok: true },
        { k: 1, toks: 0, n: 1, ok: false },
        { k: 1, toks: 0, n: 1, ok: false },
        { k: 2, toks: 1, n: 2, ok: false }, // n above the burst always fails
        { k: 2, toks: 1, n: 1, ok: true },
        { k: 2, toks: 0, n: 1, ok: false },
      ]),
    ));

  it("L1: a burst of three, taken in pieces, and n = 0 (Go's TestLimiterBurst3)", () =>
    synctest(() =>
      run(new Limiter(10, 3), [
        { k: 0, toks: 3, n: 2, ok: true },
        { k: 0, toks: 1, n: 2, ok: false },
        { k: 0, toks: 1, n: 1, ok: true },
        { k: 0, toks: 0, n: 1, ok: false },
        { k: 1, toks: 1, n: 4, ok: false },
        { k: 2, toks: 2, n: 1, ok: true },
        { k: 3, toks: 2, n: 1, ok: true },
        { k: 4, toks: 2, n: 1, ok: true },
        { k: 4, toks: 1, n: 1, ok: true },
        { k: 4, toks: 0, n: 1, ok: false },
        { k: 4, toks: 0, n: 1, ok: false },
        { k: 9, toks: 3, n: 3, ok: true },
        { k: 9, toks: 0, n: 0, ok: true },
      ]),
    ));

  it("L1: 15 tasks calling allow() at once on a bucket of 5 get exactly 5 (Go's TestSimultaneousRequests)", () =>
    synctest(async () => {
      const lim = new Limiter(1, 5);
      expect(FromRoot).toBe(Limiter);
      const wg = new WaitGroup();
      let ok = 0;
      for (let i = 0; i < 15; i++) {
        void wg.go(async () => {
          await Promise.resolve();
          if (lim.allow()) ok++;
        });
      }
      await wg.wait();
      expect(ok).toBe(5);
    }));

  it("L1: five virtual seconds of a request every 2 ms get burst + rate·elapsed, within 0.1% (Go's TestLongRunningQPS)", async () => {
    const t0 = performance.now();
    const { ok, ideal } = await synctest(async () => {
      const lim = new Limiter(100, 100);
      const start = clock();
      let ok = 0;
      while (clock() < start + 5000) {
        if (lim.allow()) ok++;
        await sleep(2);
      }
      return { ok, ideal: 100 + (100 * (clock() - start)) / 1000 };
    });
    expect(ok).toBeLessThanOrEqual(Math.floor(ideal + 1));
    expect(ok).toBeGreaterThanOrEqual(Math.floor(0.999 * ideal));
    expect(performance.now() - t0).toBeLessThan(5000); // virtual seconds, not real ones
  });

  it("L1: a limit of 0 allows the burst and then nothing; setLimit starts the refill (Go's TestZeroLimit, TestSetAfterZeroLimit)", () =>
    synctest(async () => {
      const lim = new Limiter(0, 1);
      expect(lim.allow()).toBe(true);
      expect(lim.allow()).toBe(false);
      await sleep(3_600_000);
      expect(lim.allow()).toBe(false);
      lim.setLimit(10);
      const t = clock();
      await lim.wait();
      expect(clock() - t).toBe(100);
    }));

  it("L1: a tiny rate allows the first event and not the second (Go's TestTinyLimit, TestLimiter_noTruncationErrors)", () => {
    const tiny = new Limiter(1e-10, 1);
    expect(tiny.allow()).toBe(true);
    expect(tiny.allow()).toBe(false);
    expect(new Limiter(0.7692307692307693, 1).allow()).toBe(true);
  });

  it("L1: every(ms) is one event per interval; 0 or less is Inf, an infinite interval is 0 (Go's TestEvery)", () => {
    const cases: Array<[number, number]> = [
      [0, Inf],
      [-1, Inf],
      [1e-6, 1e9],
      [1e-3, 1e6],
      [1, 1e3],
      [10, 100],
      [100, 10],
      [1000, 1],
      [2000, 0.5],
      [2500, 0.4],
      [4000, 0.25],
      [10_000, 0.1],
      [Number.POSITIVE_INFINITY, 0],
    ];
    for (const [ms, want] of cases) {
      const got = every(ms);
      if (want === Inf || want === 0) expect(got).toBe(want);
      else expect(Math.abs(got / want - 1)).toBeLessThan(1e-9);
    }
    expect(Inf).toBe(Number.POSITIVE_INFINITY);
    expect(() => every(Number.NaN)).toThrow(RangeError);
  });

  it("L1: at rate Inf everything is allowed at once, whatever the burst (Go's TestWaitInf)", () =>
    synctest(async () => {
      const lim = new Limiter(Inf, 0);
      expect(lim.allow(1000)).toBe(true);
      const t = clock();
      await lim.wait(3);
      expect(clock()).toBe(t);
      const r = lim.reserve(5);
      expect(r.ok).toBe(true);
      expect(r.delay()).toBe(0);
    }));

  it("L1: limit and burst read back; bad input is a RangeError or TypeError at the call", () => {
    const lim = new Limiter(every(250), 2);
    expect(lim.limit).toBe(4);
    expect(lim.burst).toBe(2);
    for (const bad of [Number.NaN, -1, "10" as unknown as number]) expect(() => new Limiter(bad, 1)).toThrow(RangeError);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new Limiter(1, bad)).toThrow(RangeError);
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 53]) {
      expect(() => lim.allow(bad)).toThrow(RangeError);
      expect(() => lim.reserve(bad)).toThrow(RangeError);
      expect(() => lim.wait(bad)).toThrow(RangeError);
      expect(() => lim.ready(bad)).toThrow(RangeError);
    }
    expect(() => lim.setLimit(Number.NaN)).toThrow(RangeError);
    expect(() => lim.setBurst(-2)).toThrow(RangeError);
    expect(() => lim.wait(1, { signal: "no" as unknown as AbortSignal })).toThrow(TypeError);
    expect(() => lim.wait(1, { deadline: Number.NaN })).toThrow(RangeError);
    // Nothing was taken by the calls that threw.
    expect(lim.tokens()).toBe(2);
    expect(lim[WAITERS]).toBe(0);
  });
});

describe("L3: reserve() takes tokens now and says when to act; cancel() gives back what later reservations did not count on", () => {
  it("L3: reservations queue up in time (Go's TestSimpleReserve)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      reserveAt(lim, t0, 2, 2);
      await to(t0, 3);
      reserveAt(lim, t0, 2, 4);
    }));

  it("L3: reserve and allow mixed; negative tokens allow nothing (Go's TestMix)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 3, 0, false); // n above the burst
      reserveAt(lim, t0, 2, 0);
      await to(t0, 1);
      expect(lim.tokens()).toBeCloseTo(1, 9);
      expect(lim.allow(2)).toBe(false);
      reserveAt(lim, t0, 2, 2);
      expect(lim.tokens()).toBeCloseTo(-1, 9);
      expect(lim.allow(1)).toBe(false);
      await to(t0, 3);
      expect(lim.tokens()).toBeCloseTo(1, 9);
      expect(lim.allow(1)).toBe(true);
    }));

  it("L3: cancelling a reservation that is not OK changes nothing (Go's TestCancelInvalid)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      reserveAt(lim, t0, 3, 3, false).cancel();
      reserveAt(lim, t0, 2, 2);
    }));

  it("L3: cancelling the last reservation gives all its tokens back (Go's TestCancelLast)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 2, 2);
      await to(t0, 1);
      r.cancel();
      reserveAt(lim, t0, 2, 2);
    }));

  it("L3: cancelling after the time to act changes nothing (Go's TestCancelTooLate)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 2, 2);
      await to(t0, 3);
      r.cancel();
      reserveAt(lim, t0, 2, 4);
    }));

  it("L3: a reservation whose tokens a later one counts on gives back nothing (Go's TestCancel0Tokens)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 1, 1);
      reserveAt(lim, t0, 1, 2);
      r.cancel();
      reserveAt(lim, t0, 1, 3);
    }));

  it("L3: ... or gives back the part no later reservation counts on (Go's TestCancel1Token)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 2, 2);
      reserveAt(lim, t0, 1, 3);
      await to(t0, 2);
      r.cancel();
      reserveAt(lim, t0, 2, 4);
    }));

  it("L3: cancelling the newest, then an older one, as if the newest was never made (Go's TestCancelMulti)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 4);
      const t0 = clock();
      reserveAt(lim, t0, 4, 0);
      const a = reserveAt(lim, t0, 3, 3);
      reserveAt(lim, t0, 1, 4);
      const c = reserveAt(lim, t0, 1, 5);
      await to(t0, 1);
      c.cancel(); // 1 token back
      a.cancel(); // 2 back: the reservation at t4 still counts on one of a's
      reserveAt(lim, t0, 3, 5);
    }));

  it("L3: cancelling twice gives back once (Go would give the tokens back again)", () =>
    synctest(() => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 2, 2);
      r.cancel();
      r.cancel();
      expect(lim.tokens()).toBeCloseTo(0, 9);
    }));

  it("L3, L4: setLimit applies to tokens at once; a reservation made before keeps its time (Go's TestReserveSetLimit)", () =>
    synctest(async () => {
      const lim = new Limiter(5, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      reserveAt(lim, t0, 2, 4);
      await to(t0, 2);
      lim.setLimit(10);
      reserveAt(lim, t0, 1, 4);
    }));

  it("L3, L4: setBurst applies to tokens at once (Go's TestReserveSetBurst, from t3 instead of jumping back to t0)", () =>
    synctest(async () => {
      const lim = new Limiter(5, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      reserveAt(lim, t0, 2, 4);
      await to(t0, 3);
      lim.setBurst(4);
      expect(lim.tokens()).toBeCloseTo(-0.5, 9);
      reserveAt(lim, t0, 4, 12); // -4.5 tokens at 5 a second: 0.9 s
    }));

  it("L3, L4: a reservation made before setLimit cancels by the old rate's count (Go's TestReserveSetLimitCancel)", () =>
    synctest(async () => {
      const lim = new Limiter(5, 2);
      const t0 = clock();
      reserveAt(lim, t0, 2, 0);
      const r = reserveAt(lim, t0, 2, 4);
      await to(t0, 2);
      lim.setLimit(10);
      r.cancel(); // 2 tokens back
      reserveAt(lim, t0, 2, 3);
    }));

  it("L3: a reservation waits behind parked waits, and cancelling it lets those behind it move up", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      expect(lim.allow(2)).toBe(true);
      const w1 = lim.wait(2); // acts at t2
      const r = reserveAt(lim, t0, 2, 4); // behind w1, as Go's would be
      const w2 = lim.wait(1); // behind r: t5
      expect(lim.tokens()).toBeCloseTo(-5, 9);
      r.cancel();
      expect(lim.tokens()).toBeCloseTo(-3, 9);
      await w1;
      expect(clock()).toBe(t0 + 2 * D);
      await w2;
      expect(clock()).toBe(t0 + 3 * D); // not t5: r's tokens were never taken
    }));
});

describe("L2: wait(n) resolves once n tokens can be taken, in the order the waits were made", () => {
  it("L2: already aborted, above the burst, at once, later (Go's TestWaitSimple)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      const ac = new AbortController();
      ac.abort(new Error("cancelled"));
      await expect(lim.wait(1, { signal: ac.signal })).rejects.toThrow("cancelled");
      const big = lim.wait(4);
      await expect(big).rejects.toThrow(ExceedsBurstError);
      await expect(big).rejects.toThrow(/^rate: Wait\(n=4\) exceeds limiter's burst 3$/);
      const t = clock();
      await lim.wait(2);
      expect(clock()).toBe(t);
      await lim.wait(3);
      expect(clock() - t).toBeCloseTo(2 * D, 9);
    }));

  it("L2, X1: an aborted wait gives back what it had in line (Go's TestWaitCancel)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      const t0 = clock();
      await lim.wait(2); // 1 token left
      const ac = new AbortController();
      void after(D)
        .recv()
        .then(() => ac.abort(new Error("cancelled")));
      await expect(lim.wait(3, { signal: ac.signal })).rejects.toThrow("cancelled");
      expect(clock()).toBe(t0 + D);
      expect(lim.tokens()).toBeCloseTo(2, 9);
      await lim.wait(2);
      expect(clock()).toBe(t0 + D);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
      if (isNode) expect(await abortListeners(ac.signal)).toBe(0);
    }));

  it("L2: a wait that could not end by its deadline fails at once and takes nothing (Go's TestWaitTimeout)", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      const [ctx, cancel] = withTimeout(background(), D);
      const opts = { signal: ctx.signal, deadline: ctx.deadline() };
      await lim.wait(2, opts);
      const t = clock();
      const late = lim.wait(3, opts); // 2 tokens short: 200 ms, past the 100 ms deadline
      await expect(late).rejects.toThrow(ExceedsDeadlineError);
      await expect(late).rejects.toThrow(/^rate: Wait\(n=3\) would exceed context deadline$/);
      expect(clock()).toBe(t);
      expect(lim.tokens()).toBeCloseTo(1, 9);
      await lim.wait(1, { deadline: ctx.deadline()! }); // within it
      cancel();
    }));

  it("L2: waits are served in the order they were made, whatever their sizes", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      const t0 = clock();
      lim.allow(3);
      const order: string[] = [];
      const all = [
        lim.wait(3).then(() => order.push(`a@${(clock() - t0) / D}`)),
        lim.wait(1).then(() => order.push(`b@${(clock() - t0) / D}`)),
        lim.wait(2).then(() => order.push(`c@${(clock() - t0) / D}`)),
        lim.wait(1).then(() => order.push(`d@${(clock() - t0) / D}`)),
      ];
      await Promise.all(all);
      expect(order).toEqual(["a@3", "b@4", "c@6", "d@7"]);
    }));

  it("L2: allow() and ready() never pass a parked wait, even once its tokens are there", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      lim.allow(2);
      const w = track(lim.wait(2));
      expect(lim.allow(1)).toBe(false);
      await sleep(150); // 1.5 tokens in the bucket, all the wait's
      expect(lim.allow(1)).toBe(false);
      expect(lim.ready(1).tryRecv()).toBeUndefined();
      expect(lim.tokens()).toBeCloseTo(-0.5, 9);
      await sleep(50);
      await wait();
      expect(w.settled).toBe(true);
      expect(lim.allow(1)).toBe(false);
    }));

  it("L2, X1, X2: aborting a wait in the middle of the line moves those behind it up, and leaves nothing registered", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      const t0 = clock();
      lim.allow(2);
      const ac = new AbortController();
      const first = lim.wait(1);
      const middle = lim.wait(2, { signal: ac.signal });
      const last = lim.wait(1);
      expect(lim[WAITERS]).toBe(3);
      ac.abort(new Error("gave up"));
      await expect(middle).rejects.toThrow("gave up");
      await first;
      expect(clock()).toBe(t0 + D);
      await last;
      expect(clock()).toBe(t0 + 2 * D);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
      if (isNode) expect(await abortListeners(ac.signal)).toBe(0);
    }));

  it("L2: a wait that completes removes its abort listener (X2), however many wait on one signal", () =>
    synctest(async () => {
      const lim = new Limiter(1000, 1);
      const ac = new AbortController();
      lim.allow();
      await Promise.all(Array.from({ length: 50 }, () => lim.wait(1, { signal: ac.signal })));
      if (isNode) expect(await abortListeners(ac.signal)).toBe(0);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }));

  it("L2: a wait that can never be served is listed by the bubble's deadlock report", () =>
    expect(
      synctest(async () => {
        const lim = new Limiter(0, 1);
        lim.allow();
        await lim.wait();
      }),
    ).rejects.toThrow(/rate\.Limiter\.Wait[\s\S]*rate\.Limiter 0\/s, burst 1/));
});

describe("L4: changing the rate or the burst applies at once to tokens and waiters", () => {
  it("L4: a faster rate serves a parked wait sooner, a slower one later", () =>
    synctest(async () => {
      const lim = new Limiter(1, 1);
      const t0 = clock();
      lim.allow();
      const w = lim.wait();
      await sleep(500); // half a token at 1/s
      lim.setLimit(10); // the other half takes 50 ms now
      await w;
      expect(clock()).toBeCloseTo(t0 + 550, 6);
      const v = lim.wait();
      await sleep(50); // half a token at 10/s
      lim.setLimit(0.5); // the other half takes a second now
      await v;
      expect(clock()).toBeCloseTo(t0 + 1600, 6);
    }));

  it("L4: rate 0 holds the line until the rate changes; Inf serves it all at once, taking nothing", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      lim.allow(2);
      const waits = [track(lim.wait(2)), track(lim.wait(1)), track(lim.wait(2))];
      lim.setLimit(0);
      await sleep(60_000);
      expect(waits.map((w) => w.settled)).toEqual([false, false, false]);
      expect(leftovers(lim)).toEqual({ waiting: 3, timer: false });
      lim.setLimit(Inf);
      await wait();
      expect(waits.map((w) => w.settled)).toEqual([true, true, true]);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
      expect(lim.tokens()).toBe(0); // Go's Inf takes no tokens; the bucket kept what it had
    }));

  it("L4: lowering the burst below a parked wait's n rejects it; those behind move up", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      const t0 = clock();
      lim.allow(3);
      const big = lim.wait(3);
      const small = lim.wait(1);
      lim.setBurst(2);
      await expect(big).rejects.toThrow(/^rate: Wait\(n=3\) exceeds limiter's burst 2$/);
      await small;
      expect(clock()).toBe(t0 + D);
    }));

  it("L4: lowering the burst caps the tokens at once; raising it lets the bucket fill further", () =>
    synctest(async () => {
      const lim = new Limiter(10, 5);
      lim.setBurst(2);
      expect(lim.tokens()).toBe(2);
      lim.setBurst(6);
      expect(lim.tokens()).toBe(2);
      await sleep(1000);
      expect(lim.tokens()).toBe(6);
      expect(lim.allow(6)).toBe(true);
    }));
});

describe("L4: a limiter as a select case", () => {
  it("L4: ready() is ready while a token is there, and receiving takes it", () =>
    synctest(async () => {
      const lim = new Limiter(10, 1);
      const r = await select([recv(lim.ready(), (n) => `token ${n}`), recv(after(1000), () => "timeout")]);
      expect(r).toBe("token 1");
      expect(lim.tokens()).toBe(0);
      const t = clock();
      expect(await lim.ready().recv()).toEqual([1, true]);
      expect(clock() - t).toBe(D);
    }));

  it("L4, S1: a ready() case that loses takes nothing, and its place in line is gone (X2)", () =>
    synctest(async () => {
      const lim = new Limiter(1, 1);
      lim.allow();
      const ch = new Channel<string>();
      void sleep(100).then(() => ch.send("message"));
      const r = await select([recv(lim.ready(), () => "token"), recv(ch, (m) => m)]);
      expect(r).toBe("message");
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
      expect(lim.tokens()).toBeCloseTo(0.1, 9); // refilled, not taken
      const t = clock();
      await lim.wait(); // the token is due at 1 s, as if the case had never parked
      expect(clock() - t).toBeCloseTo(900, 6);
    }));

  it("L4: a ready() case wins over a timeout when the token comes first, and loses when it does not", () =>
    synctest(async () => {
      const lim = new Limiter(every(300), 1);
      lim.allow();
      const first = await select([recv(lim.ready(), () => "token"), recv(after(500), () => "timeout")]);
      expect(first).toBe("token");
      const second = await select([recv(lim.ready(), () => "token"), recv(after(200), () => "timeout")]);
      expect(second).toBe("timeout");
      expect(lim.tokens()).toBeCloseTo(2 / 3, 9);
    }));

  it("L4, L2: selects and waits on one limiter are served in the order they parked", () =>
    synctest(async () => {
      const lim = new Limiter(10, 1);
      const t0 = clock();
      lim.allow();
      const quit = new Channel<void>();
      const order: string[] = [];
      const log = (s: string) => () => void order.push(`${s}@${(clock() - t0) / D}`);
      const all = [
        select([recv(lim.ready(), log("select1")), recv(quit)]),
        lim.wait().then(log("wait")),
        select([recv(quit), recv(lim.ready(), log("select2"))]),
        (async () => {
          for await (const _ of lim.ready()) {
            log("range")();
            break;
          }
        })(),
      ];
      await Promise.all(all);
      expect(order).toEqual(["select1@1", "wait@2", "select2@3", "range@4"]);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }));

  it("L4: two ready() cases of one select take tokens for one case only", () =>
    synctest(async () => {
      const lim = new Limiter(10, 3);
      lim.allow(3);
      const t0 = clock();
      const r = await select([recv(lim.ready(2)), recv(lim.ready(1))]);
      // Cases park in a random order (Go's pollorder): whichever is first in line is served.
      expect(clock() - t0).toBe(r.index === 0 ? 2 * D : D);
      expect(lim.tokens()).toBeCloseTo(0, 9);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }));

  it("L4: ready(n) above the burst throws at the call; a parked case the burst shrinks under waits out of line", () =>
    synctest(async () => {
      const lim = new Limiter(10, 2);
      expect(() => lim.ready(3)).toThrow(ExceedsBurstError);
      lim.allow(2);
      const ac = new AbortController();
      const big = track(lim.ready(2).recv({ signal: ac.signal }));
      const small = lim.wait(1);
      lim.setBurst(1);
      await small; // not held up by the case that no longer fits
      await sleep(1000);
      expect(big.settled).toBe(false);
      expect(lim.tokens()).toBe(1); // capped at the burst of 1 meanwhile
      lim.setBurst(2); // fits again: back in line, served once the second token is in
      await sleep(99);
      expect(big.settled).toBe(false);
      await sleep(1);
      await wait();
      expect(big.settled).toBe(true);
      expect(big.value).toEqual([2, true]);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }));

  it("L4: a receive on ready() aborted by its signal takes nothing (X1, X2)", () =>
    synctest(async () => {
      const lim = new Limiter(1, 1);
      lim.allow();
      const ac = new AbortController();
      const p = lim.ready().recv({ signal: ac.signal });
      await sleep(500);
      ac.abort(new Error("stop"));
      await expect(p).rejects.toThrow("stop");
      expect(lim.tokens()).toBeCloseTo(0.5, 9);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }));

  it("L4: outside a bubble the limiter runs on the monotonic clock, and a wait never ends before its token is due", async () => {
    for (let i = 0; i < 5; i++) {
      const lim = new Limiter(every(15), 1);
      const t = performance.now();
      const emptied = lim.allow(); // at t or after: the next token is due 15 ms after t or later
      await lim.wait();
      const waited = performance.now() - t;
      expect(emptied).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(15 - 1e-6);
      expect(leftovers(lim)).toEqual({ waiting: 0, timer: false });
    }
  });

  it("L4: a synctest bubble runs a limiter on virtual time: 100 waits at 10/s take 10 virtual seconds and no real ones", async () => {
    const t0 = performance.now();
    const end = await synctest(async () => {
      const lim = new Limiter(10, 1);
      const start = clock();
      for (let i = 0; i < 100; i++) await lim.wait();
      return clock() - start;
    });
    expect(end).toBeCloseTo(9900, 6); // the first token is there at once
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
