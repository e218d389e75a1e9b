// G1, C5, S1, S3, X1, C7, C8 by random scripts: two or three goroutines on
// threads and one on the main thread send, receive, select with a default,
// give up by abort and close, all on one channel owned by the main thread.
// What each did is checked against what a channel allows, whatever the
// interleaving was: every value sent is received exactly once (or was
// still buffered at the end), nothing unsent is received, each sender's
// values reach each receiver in the order sent, one close succeeds, and no
// send succeeds after it.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { maxProcs, onThread } from "../../src/goroutine/index.js";
import { stopProcs } from "../../src/goroutine/procs.js";
import * as Work from "./fixtures/work.js";

const url = new URL("./fixtures/work.ts", import.meta.url);
const onThreadScript = onThread<typeof Work.script>(url, "script");
const before = maxProcs();

afterAll(async () => {
  maxProcs(before);
  await stopProcs();
});

const step = (actor: number, i: number): fc.Arbitrary<Work.Step> => {
  const v = actor * 1000 + i; // unique per actor and step, increasing per actor
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 15 }).map((wait): Work.Step => ({ op: "send", v, wait })) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 15 }).map((wait): Work.Step => ({ op: "recv", wait })) },
    { weight: 2, arbitrary: fc.constant<Work.Step>({ op: "trySend", v }) },
    { weight: 2, arbitrary: fc.constant<Work.Step>({ op: "tryRecv" }) },
    { weight: 1, arbitrary: fc.constant<Work.Step>({ op: "close" }) },
  );
};
const actorScript = (actor: number) => fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => step(actor, i))));

describe("model: goroutines on threads sharing one channel", () => {
  it("G1, C5, S1, S3, X1, C7, C8: any mix of threads keeps the channel's rules", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 3),
        fc.integer({ min: 2, max: 3 }),
        fc.tuple(actorScript(1), actorScript(2), actorScript(3), actorScript(4)),
        async (cap, threads, scripts) => {
          maxProcs(threads);
          const ch = new Channel<number>(cap);
          // Actors 1..threads on threads, the last on the main thread.
          const runs = scripts.slice(0, threads + 1).map((s, i) => (i < threads ? onThreadScript(ch, s) : Work.script(ch, s)));
          const logs = await Promise.all(runs);
          // Drain what is left, then check.
          try {
            ch.close();
          } catch {
            // closed by a script
          }
          const left: number[] = [];
          for await (const v of ch) left.push(v);
          check(logs, left);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});

function check(logs: Work.Outcome[][], left: number[]): void {
  const sent = new Set<number>();
  for (const log of logs) for (const o of log) if (o.op === "send" && o.ok) sent.add(o.v!);
  const received: number[] = [...left];
  for (const log of logs) for (const o of log) if (o.op === "recv" && o.ok) received.push(o.v!);
  // Exactly once, and nothing that was not sent.
  expect([...received].sort((a, b) => a - b)).toEqual([...sent].sort((a, b) => a - b));
  // Each sender's values reach each receiver in the order they were sent (C4).
  for (const log of [...logs, left.map((v) => ({ op: "recv", v, ok: true }))]) {
    const last = new Map<number, number>();
    for (const o of log) {
      if (o.op !== "recv" || !o.ok) continue;
      const from = Math.floor(o.v! / 1000);
      expect(o.v!).toBeGreaterThan(last.get(from) ?? -1);
      last.set(from, o.v!);
    }
  }
  // One close succeeds at most (C7); after a failed send on a closed channel, the same script sends nothing more (C8).
  const closes = logs.flat().filter((o) => o.op === "close");
  expect(closes.filter((o) => o.ok).length).toBeLessThanOrEqual(1);
  for (const o of closes) if (!o.ok) expect(o.error).toBe("CloseOfClosedChannelError");
  for (const log of logs) {
    const firstClosed = log.findIndex((o) => o.op === "send" && o.error === "SendOnClosedChannelError");
    if (firstClosed >= 0) for (const o of log.slice(firstClosed)) if (o.op === "send") expect(o.ok).toBe(false);
  }
}
