import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel, recv, select } from "gochan";
import { ChannelModel, ChannelRun, fastCheckKit, GoScheduler, ModelMismatchError, prng, seeded, type ChannelLike } from "gochan/testing";

const kit = fastCheckKit(fc);

/** A user's channel code with a planted bug: a value sent while two are buffered is lost. */
class Lossy implements ChannelLike {
  private readonly ch: Channel<number>;
  private closedByModel = false;
  constructor(cap: number) {
    this.ch = new Channel<number>(cap);
  }
  get len() {
    return this.ch.len;
  }
  send(v: number, o?: { signal?: AbortSignal | undefined }) {
    return this.ch.send(v, o);
  }
  recv(o?: { signal?: AbortSignal | undefined }) {
    return this.ch.recv(o);
  }
  trySend(v: number) {
    if (this.ch.len === 2 && !this.closedByModel) return true; // the bug: claims to have sent it
    return this.ch.trySend(v);
  }
  tryRecv() {
    return this.ch.tryRecv();
  }
  close() {
    this.ch.close();
    this.closedByModel = true;
  }
}

const lossyProperty = (replayPath?: string) =>
  fc.asyncProperty(fc.integer({ min: 0, max: 5 }), kit.commands({ select: false, maxCommands: 30, replayPath }), (cap, cmds) =>
    fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Lossy(cap)) }), cmds),
  );

describe("the fast-check kit", () => {
  it("the reference model finds a planted bug in a user's channel code, and the shrunk counterexample replays from its seed", async () => {
    const first = await fc.check(lossyProperty(), { seed: 1234, numRuns: 500 });
    expect(first.failed).toBe(true);
    expect(first.errorInstance).toBeInstanceOf(ModelMismatchError);
    const shown = fc.stringify(first.counterexample);
    // Shrunk to the smallest story: capacity 2, two values in, then a trySend that should have failed.
    expect(shown).toMatch(/^\[2,(send\(abortable=false\)|trySend),(send\(abortable=false\)|trySend),trySend /);
    const replayPath = /replayPath="([^"]*)"/.exec(shown)![1]!;
    const replay = await fc.check(lossyProperty(replayPath), { seed: first.seed, path: first.counterexamplePath!, endOnFailure: true });
    expect(replay.failed).toBe(true);
    expect(fc.stringify(replay.counterexample)).toBe(shown);
  });

  it("the same channel code without the bug passes the same property", async () => {
    await fc.assert(
      fc.asyncProperty(kit.capacity(), kit.commands({ maxCommands: 30 }), (cap, cmds) =>
        fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Channel<number>(cap)) }), cmds),
      ),
      { numRuns: 100 },
    );
  });

  it("seeded: the same seed gives the same select choices; Math.random is back afterwards", async () => {
    const choices = (seed: number) =>
      seeded(seed, async () => {
        const out: number[] = [];
        const a = new Channel<number>(100);
        const b = new Channel<number>(100);
        for (let i = 0; i < 100; i++) {
          a.trySend(i);
          b.trySend(i);
        }
        for (let i = 0; i < 50; i++) out.push((await select([recv(a), recv(b)])).index);
        return out;
      });
    const x = await choices(99);
    expect(await choices(99)).toEqual(x);
    expect(await choices(100)).not.toEqual(x);
    expect(new Set(x).size).toBe(2);
    expect(prng(5)()).toBe(prng(5)());
  });

  it("a bug that shows only for some of select's random choices is found and replays exactly from fast-check's seed", async () => {
    // The planted bug: a consumer that trusts the first two selects to take the `urgent` case.
    const prop = fc.asyncProperty(kit.scheduler(), (s) =>
      s.run(async () => {
        const urgent = new Channel<string>(2);
        const normal = new Channel<string>(2);
        urgent.trySend("u1");
        urgent.trySend("u2");
        normal.trySend("n1");
        const got: string[] = [];
        for (let i = 0; i < 2; i++) got.push(await select([recv(urgent, (v) => v!), recv(normal, (v) => v!)]));
        return got.join() === "u1,u2";
      }),
    );
    const first = await fc.check(prop, { seed: 42, numRuns: 200 });
    expect(first.failed).toBe(true);
    const [s] = first.counterexample as [GoScheduler];
    const replay = await fc.check(prop, { seed: first.seed, path: first.counterexamplePath!, endOnFailure: true });
    expect(replay.failed).toBe(true);
    expect((replay.counterexample as [GoScheduler])[0].seed).toBe(s.seed);
    expect(String((replay.counterexample as [GoScheduler])[0])).toMatch(/^GoScheduler\(seed=\d+\)/);
  });

  it("GoScheduler.go: fast-check's scheduler picks the order in which tasks start", async () => {
    const orders = new Set<string>();
    await fc.assert(
      fc.asyncProperty(kit.scheduler(), (s) =>
        s.run(async () => {
          const ch = new Channel<string>(3);
          for (const name of ["a", "b", "c"]) void s.go(name, () => ch.send(name));
          await s.waitAll();
          const seen = [ch.tryRecv()![0], ch.tryRecv()![0], ch.tryRecv()![0]].join("");
          orders.add(seen);
          return seen.length === 3;
        }),
      ),
      { numRuns: 60 },
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it("capacities and schedules are arbitraries that shrink toward small", () => {
    const caps = fc.sample(kit.capacity(), { numRuns: 200, seed: 1 });
    expect(caps.every((c) => Number.isSafeInteger(c) && c >= 0)).toBe(true);
    expect(caps).toContain(0);
    const schedules = fc.sample(kit.schedule({ maxLength: 5 }), { numRuns: 50, seed: 1 });
    expect(schedules.every((s) => s.length <= 5 && s.every((o) => ["send", "recv", "close", "select", "abort"].includes(o.op)))).toBe(true);
    expect(() => fastCheckKit({} as never)).toThrow(/pass fast-check/);
  });
});
