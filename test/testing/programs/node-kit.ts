// gochan/testing under node:test (run by test/testing/runners.test.ts as
// `node --import tsx --test`): a bubble, a leak check in afterEach, and a
// model run of the fast-check kit.
import { afterEach, after as afterAll, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Channel } from "gochan";
import { after, sleep } from "gochan/time";
import { BubbleDeadlockError, ChannelModel, ChannelRun, fastCheckKit, LeakError, synctest, trackLeaks } from "gochan/testing";

const leaks = trackLeaks({ attempts: 3 });
afterAll(() => leaks.stop());

describe("gochan/testing under node:test", () => {
  afterEach(() => leaks.check());

  it("synctest: a 60 s sleep in virtual time", async () => {
    const at = await synctest(async () => {
      await sleep(60_000);
      const [d] = await after(1000).recv();
      return d!.toISOString();
    });
    assert.equal(at, "2000-01-01T00:01:01.000Z");
  });

  it("synctest: a deadlock is reported", async () => {
    await assert.rejects(
      synctest(async () => void (await new Channel<number>(0, { name: "never" }).recv())),
      (e: unknown) => e instanceof BubbleDeadlockError && /chan never/.test(e.message),
    );
  });

  it("trackLeaks: a parked send is found", async () => {
    const ch = new Channel<number>(0, { name: "leaky" });
    void ch.send(1);
    await assert.rejects(leaks.check(), (e: unknown) => e instanceof LeakError && /chan leaky/.test(e.message));
  });

  it("the fast-check kit: a model run", async () => {
    const kit = fastCheckKit(fc);
    await fc.assert(
      fc.asyncProperty(kit.capacity(), kit.commands({ maxCommands: 30 }), async (cap, cmds) => {
        const real = new ChannelRun(new Channel<number>(cap));
        try {
          await fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real }), cmds);
        } finally {
          await real.dispose(); // nothing left parked for the leak check
        }
      }),
      { numRuns: 50 },
    );
  });
});
