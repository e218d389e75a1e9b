/**
 * Exactly-once under stress: fast-check's scheduler interleaves tasks that run
 * random selects (mixed send and receive cases, some with a default, some
 * aborted) over a few channels that are closed at random moments. Whatever
 * the schedule, a value whose send case ran is received exactly once, and a
 * value offered by a case that did not run is never received.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel, recv, select, send, type Case } from "gochan";
import { queueSizes } from "../../src/channel/internal.js";

const RUNS = 300;

const caseSpec = fc.record({ kind: fc.constantFrom("send", "recv"), ch: fc.nat(2) });
const selectSpec = fc.record({
  cases: fc.array(caseSpec, { minLength: 1, maxLength: 3 }),
  withDefault: fc.boolean(),
  abort: fc.boolean(),
});
const plan = fc.record({
  caps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
  tasks: fc.array(fc.array(selectSpec, { maxLength: 5 }), { minLength: 1, maxLength: 5 }),
  closeAt: fc.array(fc.nat(40), { minLength: 3, maxLength: 3 }),
});

describe("S1, C5: selects under random interleavings", () => {
  it(`S1: every value whose send case ran is received exactly once, no other (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), plan, async (s, p) => {
        const chans = p.caps.map((c) => new Channel<string>(c));
        const sent = new Set<string>();
        const offeredNotSent = new Set<string>();
        const received: string[] = [];
        const tick = () => s.schedule(Promise.resolve());

        const task = async (ti: number, selects: (typeof p.tasks)[number]) => {
          for (const [si, spec] of selects.entries()) {
            await tick();
            const offered = new Map<number, string>();
            const cases: Case[] = spec.cases.map((c, ci) => {
              if (c.kind === "recv") return recv(chans[c.ch]!);
              const v = `${ti}.${si}.${ci}`;
              offered.set(ci, v);
              return send(chans[c.ch]!, v);
            });
            const ac = new AbortController();
            if (spec.abort) void tick().then(() => ac.abort());
            try {
              const r = (await select(cases, {
                signal: ac.signal,
                ...(spec.withDefault ? { default: () => null } : {}),
              })) as { index: number; value?: string; ok?: boolean } | null;
              if (r !== null) {
                const v = offered.get(r.index);
                if (v !== undefined) {
                  sent.add(v);
                  offered.delete(r.index);
                } else if (r.ok) received.push(r.value!);
              }
            } catch {
              // aborted, or a chosen send case on a closed channel: nothing ran
            }
            for (const v of offered.values()) offeredNotSent.add(v);
          }
        };

        const closer = async (i: number) => {
          for (let k = 0; k < p.closeAt[i]!; k++) await tick();
          chans[i]!.close();
        };

        await s.waitFor(Promise.all([...p.tasks.map((t, i) => task(i, t)), ...chans.map((_, i) => closer(i))]));

        for (const ch of chans) {
          for (let r = ch.tryRecv(); r !== undefined && r[1]; r = ch.tryRecv()) received.push(r[0]);
          expect(queueSizes(ch).recv + queueSizes(ch).send).toBe(0); // no waiter outlives its select
        }
        expect(new Set(received).size).toBe(received.length);
        expect(new Set(received)).toEqual(sent);
        for (const v of offeredNotSent) expect(sent.has(v)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
