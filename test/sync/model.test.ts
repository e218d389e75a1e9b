/**
 * Model-based tests of Mutex and RWMutex: fast-check drives random sequences
 * of lock, rLock, tryLock, tryRLock, unlock and abort against the real lock
 * and a plain model of Go's rules (one FIFO; a waiting writer holds back new
 * readers; a writer's unlock lets every waiting reader in). After each
 * command the promises are let settle, and then:
 * - who holds and who waits is exactly what the model says;
 * - mutual exclusion held at every moment a task got the lock, across the
 *   awaits in between (checked as each lock promise resolves);
 * - no lost wake-up: if nobody holds the lock, nobody waits for it, even
 *   right after an abort.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Mutex, RWMutex } from "gochan/sync";
import { trackLeaks } from "gochan/testing";
import { flush } from "../support/flush.js";
import { WAITERS } from "../../src/kernel/waitlist.js";
import { STATE } from "../../src/sync/rwmutex.js";

type Kind = "r" | "w";
type Status = "waiting" | "holding" | "aborted" | "released";

class Model {
  readers = new Set<number>();
  writer: number | null = null;
  queue: Array<{ id: number; kind: Kind }> = [];
  status = new Map<number, Status>();

  tryR(): boolean {
    return this.writer === null && !this.queue.some((q) => q.kind === "w");
  }
  tryW(): boolean {
    return this.writer === null && this.readers.size === 0 && this.queue.length === 0;
  }
  hold(id: number, kind: Kind): void {
    if (kind === "r") this.readers.add(id);
    else this.writer = id;
    this.status.set(id, "holding");
  }
  request(id: number, kind: Kind): void {
    if (kind === "r" ? this.tryR() : this.tryW()) this.hold(id, kind);
    else {
      this.queue.push({ id, kind });
      this.status.set(id, "waiting");
    }
  }
  wake(): void {
    while (this.queue.length > 0 && this.writer === null) {
      const head = this.queue[0]!;
      if (head.kind === "w" && this.readers.size > 0) return;
      this.queue.shift();
      this.hold(head.id, head.kind);
    }
  }
  release(id: number): void {
    this.status.set(id, "released");
    if (this.writer === id) {
      this.writer = null;
      const readers = this.queue.filter((q) => q.kind === "r");
      if (readers.length === 0) return this.wake();
      this.queue = this.queue.filter((q) => q.kind === "w");
      for (const q of readers) this.hold(q.id, "r");
    } else {
      this.readers.delete(id);
      if (this.readers.size === 0) this.wake();
    }
  }
  abort(id: number): void {
    if (this.status.get(id) !== "waiting") return; // granted already: the abort changes nothing (X1)
    this.queue = this.queue.filter((q) => q.id !== id);
    this.status.set(id, "aborted");
    this.wake();
  }
  holders(): number[] {
    return [...(this.writer === null ? [] : [this.writer]), ...this.readers].sort((a, b) => a - b);
  }
}

interface Lock {
  lock(kind: Kind, signal: AbortSignal | undefined): Promise<unknown>;
  try(kind: Kind): boolean;
  unlock(kind: Kind): void;
  waiting(): number;
}

class Real {
  nextId = 0;
  observed = new Map<number, Status>();
  kinds = new Map<number, Kind>();
  controllers = new Map<number, AbortController>();
  inside = { r: 0, w: 0 };
  constructor(readonly lock: Lock) {}

  enter(id: number): void {
    const kind = this.kinds.get(id)!;
    // Mutual exclusion, at the moment the lock is taken (M1, M3).
    if (kind === "w") expect(this.inside).toEqual({ r: 0, w: 0 });
    else expect(this.inside.w).toBe(0);
    this.inside[kind]++;
    this.observed.set(id, "holding");
  }
  leave(id: number): void {
    this.inside[this.kinds.get(id)!]--;
    this.observed.set(id, "released");
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

async function compare(m: Model, r: Real): Promise<void> {
  await flush();
  expect(Object.fromEntries(r.observed)).toEqual(Object.fromEntries(m.status));
  expect(r.lock.waiting()).toBe(m.queue.length);
  // No lost wake-up: a free lock has nobody waiting for it.
  if (m.holders().length === 0) expect(r.lock.waiting()).toBe(0);
}

class Request implements Cmd {
  constructor(
    readonly kind: Kind,
    readonly abortable: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const id = r.nextId++;
    r.kinds.set(id, this.kind);
    const ac = this.abortable ? new AbortController() : undefined;
    if (ac) r.controllers.set(id, ac);
    r.observed.set(id, "waiting");
    r.lock.lock(this.kind, ac?.signal).then(
      () => r.enter(id),
      () => r.observed.set(id, "aborted"),
    );
    m.request(id, this.kind);
    await compare(m, r);
  }
  toString = () => `${this.kind === "r" ? "rLock" : "lock"}(abortable=${this.abortable})`;
}

class Try implements Cmd {
  constructor(readonly kind: Kind) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const expected = this.kind === "r" ? m.tryR() : m.tryW();
    expect(r.lock.try(this.kind)).toBe(expected);
    if (expected) {
      const id = r.nextId++;
      r.kinds.set(id, this.kind);
      r.enter(id);
      m.hold(id, this.kind);
    }
    await compare(m, r);
  }
  toString = () => (this.kind === "r" ? "tryRLock" : "tryLock");
}

class Unlock implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holders().length > 0;
  async run(m: Model, r: Real) {
    const holders = m.holders();
    const id = holders[this.pick % holders.length]!;
    r.leave(id);
    r.lock.unlock(r.kinds.get(id)!);
    m.release(id);
    await compare(m, r);
  }
  toString = () => `unlock(${this.pick})`;
}

class Abort implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const ids = [...r.controllers.keys()];
    if (ids.length > 0) {
      const id = ids[this.pick % ids.length]!;
      r.controllers.get(id)!.abort(new Error("aborted by the test"));
      r.controllers.delete(id);
      m.abort(id);
    }
    await compare(m, r);
  }
  toString = () => `abort(${this.pick})`;
}

const RUNS = 200;

/**
 * Ends a run as a program would: every holder unlocks, and every waiter in
 * turn gets the lock and unlocks it. Then gochan/testing's leak check must
 * find no lock wait left parked (X2: nothing stays registered).
 */
async function drain(m: Model, r: Real): Promise<void> {
  for (let i = 0; i < 1000 && m.holders().length > 0; i++) {
    const id = m.holders()[0]!;
    r.leave(id);
    r.lock.unlock(r.kinds.get(id)!);
    m.release(id);
    await flush();
  }
  expect(r.lock.waiting()).toBe(0);
}

const leaks = trackLeaks({ attempts: 2 });

async function runAndDrain(lock: Lock, cmds: Iterable<Cmd>): Promise<void> {
  const model = new Model();
  const real = new Real(lock);
  await leaks.check().catch(() => {}); // a fresh window for this run
  await fc.asyncModelRun(() => ({ model, real }), cmds);
  await drain(model, real);
  await leaks.check();
}

afterAll(() => leaks.stop());

describe("M1, M2, M5: Mutex, model-based", () => {
  it(`M1, M2, M5: mutual exclusion across awaits and no lost wake-up under abort (${RUNS} random sequences)`, async () => {
    const commands = [
      fc.boolean().map((a) => new Request("w", a)),
      fc.constant(new Try("w")),
      fc.nat(10).map((k) => new Unlock(k)),
      fc.nat(20).map((k) => new Abort(k)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 50 }), (cmds) => {
        const mu = new Mutex();
        const lock: Lock = {
          lock: (_, signal) => mu.lock({ signal }),
          try: () => mu.tryLock(),
          unlock: () => mu.unlock(),
          waiting: () => mu[WAITERS],
        };
        return runAndDrain(lock, cmds);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("M3, M5: RWMutex, model-based", () => {
  it(`M3, M5: readers or one writer across awaits, a waiting writer holds back readers, no lost wake-up under abort (${RUNS} random sequences)`, async () => {
    const commands = [
      fc.boolean().map((a) => new Request("w", a)),
      fc.boolean().map((a) => new Request("r", a)),
      fc.constant(new Try("w")),
      fc.constant(new Try("r")),
      fc.nat(10).map((k) => new Unlock(k)),
      fc.nat(20).map((k) => new Abort(k)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 50 }), (cmds) => {
        const rw = new RWMutex();
        const lock: Lock = {
          lock: (kind, signal) => (kind === "r" ? rw.rLock({ signal }) : rw.lock({ signal })),
          try: (kind) => (kind === "r" ? rw.tryRLock() : rw.tryLock()),
          unlock: (kind) => (kind === "r" ? rw.rUnlock() : rw.unlock()),
          waiting: () => rw[STATE].waiting,
        };
        return runAndDrain(lock, cmds);
      }),
      { numRuns: RUNS },
    );
  });
});
