/**
 * Model-based tests of gochan/rate on synctest's virtual time.
 *
 * 1. fast-check drives random sequences of allow, reserve, cancel, wait,
 *    abort, setLimit, setBurst and the passing of time against the real
 *    Limiter and against a plain model: a bucket `B` refilled at `r` per
 *    second up to the burst, a FIFO line of waits (and of reservations
 *    made behind them), and Go's formula for what a cancelled reservation
 *    gives back. The model moves time as an event simulation, from one
 *    serve time of the head of the line to the next, with no timers; the
 *    real limiter runs on its one timer in a bubble. After every command,
 *    the tokens Go would show, every wait's state and every reservation's
 *    delay must agree.
 * 2. A property no implementation detail enters: at a fixed rate, over
 *    any window of time, the tokens handed out (to allow, wait and
 *    select cases on ready(), with aborts and lost cases mixed in) never
 *    exceed burst + rate·window.
 *
 * Time passes in steps of k + 1/π ms, so that a serve time never falls
 * exactly on the end of a step: on a tie, which of two timers of the same
 * virtual instant runs first is the bubble's business, not the limiter's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel, recv, select } from "gochan";
import { Inf, Limiter, type Reservation } from "gochan/rate";
import { sleep } from "gochan/time";
import { synctest, wait } from "gochan/testing";
// The bubble's clock to the fraction of a ms (gochan/testing's now() is a Date: whole ms).
import { now as monotonic } from "../../src/time/duration.js";
import { WAITERS } from "../../src/kernel/waitlist.js";
import { ARMED } from "../../src/rate/limiter.js";

const TOL = 1e-6;
const rates = [0, 1, 2, 5, 10, 20, Inf] as const;

type Status = "waiting" | "done" | "aborted" | "burst";

interface MRes {
  ok: boolean;
  n: number;
  timeToAct: number;
  limit: number;
  cancelled: boolean;
  /** Still in the line behind waits. */
  held: boolean;
}

interface Entry {
  kind: "wait" | "held";
  id: number;
  n: number;
}

const tokensFrom = (ms: number, r: number): number => (r <= 0 || ms === 0 ? 0 : (ms / 1000) * r);
const durationFrom = (tokens: number, r: number): number => (r <= 0 ? Number.POSITIVE_INFINITY : tokens === 0 ? 0 : (tokens / r) * 1000);

class Model {
  t = 0;
  /** Tokens in the bucket at `t`, not counting the line; negative while reservations owe. */
  B: number;
  lastEvent = 0;
  line: Entry[] = [];
  waits = new Map<number, Status>();
  res: MRes[] = [];

  constructor(
    public r: number,
    public b: number,
  ) {
    this.B = b;
  }

  queued(): number {
    return this.line.reduce((s, e) => s + e.n, 0);
  }

  tokens(): number {
    return this.B - this.queued();
  }

  /** Refill from `t` to `to` with nobody in line (or the head not yet due). */
  private refill(to: number): void {
    if (this.r === Inf) {
      if (to > this.t) this.B = this.b;
    } else this.B = Math.min(this.b, this.B + tokensFrom(to - this.t, this.r));
    this.t = to;
  }

  /** Serves the head of the line while it can be served at `t`. */
  serve(): void {
    while (this.line.length > 0) {
      const head = this.line[0]!;
      if (this.r === Inf) {
        this.line.shift();
        if (head.kind === "wait") this.waits.set(head.id, "done");
        else this.res[head.id]!.held = false;
        continue;
      }
      if (head.kind === "held") {
        const res = this.res[head.id]!;
        this.B -= head.n;
        this.lastEvent = res.timeToAct;
        res.held = false;
        this.line.shift();
        continue;
      }
      if (this.B + 1e-9 < head.n) return;
      this.B -= head.n;
      this.lastEvent = this.t;
      this.waits.set(head.id, "done");
      this.line.shift();
    }
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.serve();
      const head = this.line[0];
      if (head === undefined || this.r === 0 || this.r === Inf) break;
      const at = this.t + durationFrom(head.n - this.B, this.r);
      if (at > end) break;
      this.B = head.n; // refilled exactly to it, below the burst
      this.t = at;
    }
    this.refill(end);
    this.serve();
  }

  allow(n: number): boolean {
    if (this.r === Inf) return true;
    if (n > this.b || this.line.length > 0 || this.B - n < 0) return false;
    this.B -= n;
    this.lastEvent = this.t;
    return true;
  }

  reserve(n: number): MRes {
    if (this.r === Inf) return this.push({ ok: true, n, timeToAct: this.t, limit: 0, cancelled: false, held: false });
    if (n > this.b) return this.push({ ok: false, n: 0, timeToAct: this.t, limit: this.r, cancelled: false, held: false });
    const after = this.tokens() - n;
    const res: MRes = { ok: true, n, timeToAct: this.t + (after < 0 ? durationFrom(-after, this.r) : 0), limit: this.r, cancelled: false, held: false };
    this.push(res);
    if (this.line.length === 0) {
      this.B -= n;
      this.lastEvent = res.timeToAct;
    } else {
      res.held = true;
      this.line.push({ kind: "held", id: this.res.length - 1, n });
    }
    return res;
  }

  private push(res: MRes): MRes {
    this.res.push(res);
    return res;
  }

  cancel(id: number): void {
    const res = this.res[id]!;
    if (!res.ok || res.cancelled || this.r === Inf || res.n === 0 || res.timeToAct < this.t) return;
    res.cancelled = true;
    if (res.held) {
      res.held = false;
      this.remove("held", id);
      return;
    }
    const restore = Math.min(res.n, res.n - tokensFrom(this.lastEvent - res.timeToAct, res.limit));
    if (!(restore > 0)) return;
    this.B = Math.min(this.b, this.B + restore);
    if (res.timeToAct === this.lastEvent) {
      const previous = res.timeToAct + durationFrom(-res.n, res.limit);
      if (!(previous < this.t)) this.lastEvent = previous;
    }
    this.serve();
  }

  wait(id: number, n: number): void {
    if (n > this.b && this.r !== Inf) return void this.waits.set(id, "burst");
    if (this.r === Inf) return void this.waits.set(id, "done");
    if (this.line.length === 0 && this.B - n >= 0) {
      this.B -= n;
      this.lastEvent = this.t;
      return void this.waits.set(id, "done");
    }
    this.line.push({ kind: "wait", id, n });
    this.waits.set(id, "waiting");
  }

  abort(id: number): void {
    if (this.waits.get(id) !== "waiting") return;
    this.waits.set(id, "aborted");
    this.remove("wait", id);
  }

  private remove(kind: Entry["kind"], id: number): void {
    const i = this.line.findIndex((e) => e.kind === kind && e.id === id);
    this.line.splice(i, 1);
    if (i === 0) this.serve();
  }

  setLimit(r: number): void {
    this.r = r;
    this.serve();
  }

  setBurst(b: number): void {
    this.b = b;
    this.B = Math.min(this.B, b);
    if (this.r !== Inf) {
      for (const e of this.line.filter((e) => e.kind === "wait" && e.n > b)) {
        this.waits.set(e.id, "burst");
        this.line.splice(this.line.indexOf(e), 1);
      }
    }
    this.serve();
  }
}

class Real {
  readonly start = monotonic();
  waits = new Map<number, Status>();
  controllers = new Map<number, AbortController>();
  res: Reservation[] = [];
  nextWait = 0;
  constructor(readonly lim: Limiter) {}
  clock(): number {
    return monotonic() - this.start;
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

async function compare(m: Model, r: Real): Promise<void> {
  await wait(); // every task blocked: settled waits have run their handlers; the clock has not moved
  expect(r.clock()).toBeCloseTo(m.t, 6);
  expect(Math.abs(r.lim.tokens() - m.tokens()), `tokens ${r.lim.tokens()} vs model ${m.tokens()}`).toBeLessThan(TOL);
  expect(Object.fromEntries(r.waits)).toEqual(Object.fromEntries(m.waits));
  expect(r.lim[WAITERS]).toBe(m.line.filter((e) => e.kind === "wait").length + m.line.filter((e) => e.kind === "held").length);
  m.res.forEach((mr, i) => {
    const d = r.res[i]!.delay();
    const want = mr.ok ? Math.max(0, mr.timeToAct - m.t) : Number.POSITIVE_INFINITY;
    if (want === Number.POSITIVE_INFINITY) expect(d, `delay of reservation ${i}`).toBe(want);
    else expect(Math.abs(d - want), `delay of reservation ${i}: ${d} vs ${want}`).toBeLessThan(TOL);
  });
}

const cmd = (name: string, run: (m: Model, r: Real) => void | Promise<void>): Cmd => ({
  check: () => true,
  async run(m, r) {
    await run(m, r);
    await compare(m, r);
  },
  toString: () => name,
});

const commands = [
  fc.integer({ min: 1, max: 4 }).map((n) =>
    cmd(`allow(${n})`, (m, r) => {
      expect(r.lim.allow(n)).toBe(m.allow(n));
    }),
  ),
  fc.integer({ min: 1, max: 4 }).map((n) =>
    cmd(`reserve(${n})`, (m, r) => {
      r.res.push(r.lim.reserve(n));
      m.reserve(n);
      expect(r.res.at(-1)!.ok).toBe(m.res.at(-1)!.ok);
    }),
  ),
  fc.nat(30).map((k) =>
    cmd(`cancel(${k})`, (m, r) => {
      if (r.res.length === 0) return;
      const i = k % r.res.length;
      r.res[i]!.cancel();
      m.cancel(i);
    }),
  ),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([n, abortable]) =>
    cmd(`wait(${n}${abortable ? ", signal" : ""})`, (m, r) => {
      const id = r.nextWait++;
      const ac = abortable ? new AbortController() : undefined;
      if (ac) r.controllers.set(id, ac);
      r.waits.set(id, "waiting");
      r.lim.wait(n, { signal: ac?.signal }).then(
        () => r.waits.set(id, "done"),
        (e: unknown) => r.waits.set(id, (e as Error).name === "ExceedsBurstError" ? "burst" : "aborted"),
      );
      m.wait(id, n);
    }),
  ),
  fc.nat(30).map((k) =>
    cmd(`abort(${k})`, (m, r) => {
      const ids = [...r.controllers.keys()];
      if (ids.length === 0) return;
      const id = ids[k % ids.length]!;
      r.controllers.get(id)!.abort(new Error("aborted by the test"));
      r.controllers.delete(id);
      m.abort(id);
    }),
  ),
  fc.oneof(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 1500 })).map((k) =>
    cmd(`advance(${k} + 1/π ms)`, async (m, r) => {
      const ms = k + 1 / Math.PI;
      await sleep(ms);
      m.advance(ms);
    }),
  ),
  fc.constantFrom(...rates).map((lim) =>
    cmd(`setLimit(${lim})`, (m, r) => {
      r.lim.setLimit(lim);
      m.setLimit(lim);
    }),
  ),
  fc.integer({ min: 0, max: 5 }).map((b) =>
    cmd(`setBurst(${b})`, (m, r) => {
      r.lim.setBurst(b);
      m.setBurst(b);
    }),
  ),
];

// Reservations and their cancels twice as often as the rest: Go's partial give-back needs a few in a row.
commands.push(commands[1]!, commands[2]!);

describe("L1-L4: the limiter against a token-bucket model, on virtual time", () => {
  it("L1, L2, L3, L4: tokens, waits, reservations and changes of rate and burst agree with the model (500 random runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 2, 5, 10), fc.integer({ min: 1, max: 4 }), fc.commands(commands, { maxCommands: 40 }), (rate, burst, cmds) =>
        synctest(async () => {
          const lim = new Limiter(rate, burst);
          const real = new Real(lim);
          await fc.asyncModelRun(() => ({ model: new Model(rate, burst), real }), cmds);
          // End as a program would: let everything in line through, and check nothing stays (X2).
          lim.setLimit(Inf);
          await wait();
          expect([...real.waits.values()].includes("waiting")).toBe(false);
          expect(lim[WAITERS]).toBe(0);
          expect(lim[ARMED]).toBe(false);
        }),
      ),
      { numRuns: 500 },
    );
  });
});

describe("L1, L2, L4: never more than burst + rate·window, whatever happens around it", () => {
  type Op = { op: "allow" | "wait" | "ready"; n: number; pause: number; abortAfter: number | null };

  it("L1, L2, L4: over every window, tokens handed out to allow, wait and ready() cases stay within burst + rate·window (200 random runs)", async () => {
    const op = fc.record({
      op: fc.constantFrom("allow" as const, "wait" as const, "ready" as const),
      n: fc.integer({ min: 1, max: 3 }),
      pause: fc.integer({ min: 0, max: 300 }),
      abortAfter: fc.option(fc.integer({ min: 0, max: 400 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 3, 10, 40), fc.integer({ min: 3, max: 6 }), fc.array(op, { maxLength: 30 }), (rate, burst, ops: Op[]) =>
        synctest(async () => {
          const lim = new Limiter(rate, burst);
          const grants: Array<{ at: number; n: number }> = [];
          const grant = (n: number) => grants.push({ at: monotonic(), n });
          const tasks: Array<Promise<unknown>> = [];
          for (const o of ops) {
            const ac = new AbortController();
            if (o.abortAfter !== null) tasks.push(sleep(o.abortAfter).then(() => ac.abort(new Error("gave up"))));
            if (o.op === "allow") {
              if (lim.allow(o.n)) grant(o.n);
            } else if (o.op === "wait") {
              tasks.push(lim.wait(o.n, { signal: ac.signal }).then(() => grant(o.n), () => {}));
            } else {
              // A case that competes with a channel someone may send on first: losing takes nothing.
              const other = new Channel<void>();
              // Without a sender, a case that can never be served (a rate too slow for the test) ends at the abort.
              tasks.push(select([recv(lim.ready(o.n), () => grant(o.n)), recv(other)], { signal: ac.signal }).catch(() => {}));
              if (o.abortAfter !== null) tasks.push(sleep(o.abortAfter / 2).then(() => other.trySend()));
            }
            await sleep(o.pause);
          }
          await Promise.all(tasks);
          // Every window [a, b] between two grant times: what was handed out in it fits.
          for (const a of grants) {
            let sum = 0;
            for (const g of grants) if (g.at >= a.at) sum += g.n;
            const span = Math.max(...grants.map((g) => g.at)) - a.at;
            for (const b of grants) {
              if (b.at < a.at) continue;
              const inWindow = grants.filter((g) => g.at >= a.at && g.at <= b.at).reduce((s, g) => s + g.n, 0);
              expect(inWindow).toBeLessThanOrEqual(burst + (rate * (b.at - a.at)) / 1000 + 1e-6);
            }
            expect(sum).toBeLessThanOrEqual(burst + (rate * span) / 1000 + 1e-6);
          }
          expect(lim[WAITERS]).toBe(0);
        }),
      ),
      { numRuns: 200 },
    );
  });
});
