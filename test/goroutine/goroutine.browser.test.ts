// Goroutines on threads in a real browser (module Web Workers), run by the
// browser suite twice: on a page that is not cross-origin isolated (no
// SharedArrayBuffer: plain operations over messages, select across threads
// refused with a clear error) and on one that is (vitest.isolated.config.ts:
// everything, select included). Under Node it runs on worker_threads.
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.js";
import { onThread } from "../../src/goroutine/index.js";
import { recv, select } from "../../src/select/index.js";
import type * as Work from "./fixtures/work.js";

const url = new URL("./fixtures/work.ts", import.meta.url);
const shared = typeof SharedArrayBuffer === "function";

describe(`goroutines on threads (${shared ? "with" : "without"} SharedArrayBuffer)`, { timeout: 60_000 }, () => {
  it("G1: seed 000's worker on a thread: every job once, results back", async () => {
    const jobs = new Channel<number>(5);
    const results = new Channel<number>(50);
    const done = onThread<typeof Work.worker>(url, "worker")(1, jobs, results);
    for (let j = 0; j < 50; j++) await jobs.send(j);
    jobs.close();
    const got: number[] = [];
    for (let i = 0; i < 50; i++) got.push((await results.recv())[0]!);
    expect(await done).toBe(50);
    expect(got).toEqual(Array.from({ length: 50 }, (_, j) => j * 2));
  });

  it("G1, C2: an unbuffered channel between the page and a thread is a rendezvous, closed from the thread", async () => {
    const ch = new Channel<number>();
    const sending = onThread<typeof Work.sendAll>(url, "sendAll")(ch, 0, 100, true);
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    await sending;
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("G3: a goroutine's error crosses with its class and fields", async () => {
    const e = (await onThread<typeof Work.throws>(url, "throws")().catch((x: unknown) => x)) as RangeError & { code: string };
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe("E_BAD");
  });

  it(shared ? "S1, G1: a select on a thread over two of the page's channels takes each value once" : "G1: a select over another thread's channel needs SharedArrayBuffer, and says so", async () => {
    const a = new Channel<number>();
    const b = new Channel<number>();
    if (shared) {
      const merged = onThread<typeof Work.merge>(url, "merge")(a, b);
      const send = async (ch: Channel<number>, from: number) => {
        for (let i = 0; i < 50; i++) await ch.send(from + i);
        ch.close();
      };
      await Promise.all([send(a, 0), send(b, 100)]);
      expect(await merged).toEqual([Array.from({ length: 50 }, (_, i) => i), Array.from({ length: 50 }, (_, i) => 100 + i)]);
    } else {
      const theirs = new Channel<Channel<number>>();
      const mixed = onThread<typeof Work.mixed>(url, "mixed")(a, theirs);
      const [mine] = await theirs.recv(); // a channel the thread owns
      await expect(select([recv(mine!)])).rejects.toThrow(/SharedArrayBuffer/);
      void mixed.catch(() => {});
    }
  });
});
