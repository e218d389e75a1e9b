/**
 * Interleavings: fast-check's scheduler decides which task runs next at every
 * step, so one property run explores one random schedule of several
 * producers, consumers, aborts and a close. Whatever the schedule, every value
 * whose send succeeded is received exactly once, no value whose send failed is
 * received, and each consumer sees each producer's values in sending order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel } from "gochan";
import { queueSizes } from "../../src/channel/internal.js";

const RUNS = 300;

const plan = fc.record({
  cap: fc.integer({ min: 0, max: 3 }),
  producers: fc.array(
    fc.array(fc.constantFrom("send", "send", "abortable", "try"), { maxLength: 6 }),
    { minLength: 1, maxLength: 4 },
  ),
  consumers: fc.array(
    fc.record({ style: fc.constantFrom("recv", "range", "try"), stopAfter: fc.option(fc.nat(4)) }),
    { minLength: 1, maxLength: 3 },
  ),
  closeAfterTicks: fc.nat(30),
});

describe("C4, C5, X1: random interleavings", () => {
  it(`C5: a value is delivered exactly once whatever the schedule (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), plan, async (s, p) => {
        const ch = new Channel<string>(p.cap);
        const succeeded = new Set<string>();
        const failed = new Set<string>();
        const seenBy: string[][] = p.consumers.map(() => []);
        const tick = () => s.schedule(Promise.resolve());

        const producer = async (pi: number, ops: string[]) => {
          for (const [i, op] of ops.entries()) {
            await tick();
            const v = `${pi}:${i}`;
            try {
              if (op === "try") {
                (ch.trySend(v) ? succeeded : failed).add(v);
                continue;
              }
              const ac = new AbortController();
              if (op === "abortable") void tick().then(() => ac.abort());
              await ch.send(v, { signal: ac.signal });
              succeeded.add(v);
            } catch {
              failed.add(v);
            }
          }
        };

        const consumer = async (ci: number, style: string, stopAfter: number | null) => {
          const seen = seenBy[ci]!;
          const enough = () => stopAfter !== null && seen.length >= stopAfter;
          if (style === "range") {
            for await (const v of ch) {
              seen.push(v);
              if (enough()) break;
              await tick();
            }
            return;
          }
          while (!enough()) {
            await tick();
            const r = style === "try" ? ch.tryRecv() : await ch.recv();
            if (r === undefined) continue;
            if (!r[1]) return;
            seen.push(r[0]);
          }
        };

        const closer = async () => {
          for (let i = 0; i < p.closeAfterTicks; i++) await tick();
          ch.close();
        };

        await s.waitFor(
          Promise.all([
            ...p.producers.map((ops, i) => producer(i, ops)),
            ...p.consumers.map((c, i) => consumer(i, c.style, c.stopAfter)),
            closer(),
          ]),
        );

        const leftover: string[] = [];
        for (let r = ch.tryRecv(); r !== undefined && r[1]; r = ch.tryRecv()) leftover.push(r[0]);
        const received = [...seenBy.flat(), ...leftover];

        expect(new Set(received).size).toBe(received.length); // never duplicated
        expect(new Set(received)).toEqual(succeeded); // never lost
        for (const v of failed) expect(received).not.toContain(v);
        for (const seen of [...seenBy, leftover]) {
          for (let pi = 0; pi < p.producers.length; pi++) {
            const mine = seen.filter((v) => v.startsWith(`${pi}:`)).map((v) => Number(v.split(":")[1]));
            expect(mine).toEqual([...mine].sort((a, b) => a - b)); // C4 per producer
          }
        }
        expect(queueSizes(ch).recv + queueSizes(ch).send).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});
