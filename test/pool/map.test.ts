import { describe, expect, it } from "vitest";
import { map, MapStreamReusedError, type Result } from "gochan";
import { flush } from "../support/flush.js";

describe("map(source, fn, options)", () => {
  it("streams results in input order when ordered, with errors as results", async () => {
    const out: Array<[number, string, number | undefined]> = [];
    const m = map(
      [5, 1, 4, 2, 3],
      async (n) => {
        for (let i = 0; i < n * 3; i++) await Promise.resolve();
        if (n === 4) throw new Error("four");
        return n * n;
      },
      { concurrency: 3, ordered: true },
    );
    for await (const r of m) out.push([r.job, r.status, r.value]);
    expect(out).toEqual([
      [5, "done", 25],
      [1, "done", 1],
      [4, "failed", undefined],
      [2, "done", 4],
      [3, "done", 9],
    ]);
    expect(m.cancelled).toEqual([]);
  });

  it("pulls an endless source lazily; leaving early loses nothing and closes the source", async () => {
    let pulled = 0;
    let sourceClosed = false;
    async function* naturals() {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield i;
        }
      } finally {
        sourceClosed = true;
      }
    }
    const m = map(naturals(), async (n, { signal }) => {
      await flush();
      if (signal.aborted) throw signal.reason;
      return n;
    }, { concurrency: 4 });
    const delivered: number[] = [];
    for await (const r of m) {
      delivered.push(r.job);
      if (delivered.length === 50) break;
    }
    expect(sourceClosed).toBe(true);
    // bounded: 4 running + 4 queued + 4 in the results buffer + 1 waiting to be submitted
    expect(pulled - delivered.length).toBeLessThanOrEqual(13);
    const all = [...delivered, ...m.cancelled].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: pulled }, (_, i) => i)); // every pulled input, once
  });

  it("throws the source's error after the results of what it had pulled", async () => {
    function* failing() {
      yield 1;
      yield 2;
      throw new Error("source broke");
    }
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const r of map(failing(), (n: number) => n, { concurrency: 1 })) got.push(r.value!);
      })(),
    ).rejects.toThrow("source broke");
    expect(got.sort()).toEqual([1, 2]);
  });

  it("a cancelled map delivers every pulled input, as done or cancelled", async () => {
    const ac = new AbortController();
    const results: Array<Result<number, number>> = [];
    const m = map(
      Array.from({ length: 20 }, (_, i) => i),
      (n, { signal }) =>
        new Promise<number>((resolve, reject) => {
          if (n < 3) resolve(n);
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
      { concurrency: 2, signal: ac.signal },
    );
    for await (const r of m) {
      results.push(r);
      if (results.length === 3) ac.abort("stop");
    }
    const jobs = [...results.map((r) => r.job), ...m.cancelled].sort((a, b) => a - b);
    expect(jobs).toEqual(Array.from({ length: jobs.length }, (_, i) => i));
    expect(results.slice(3).every((r) => r.status === "cancelled")).toBe(true);
  });

  it("bad input is a TypeError at the call; a stream iterates once", () => {
    expect(() => map(42 as never, (n: number) => n)).toThrow(TypeError);
    expect(() => map([1], "fn" as never)).toThrow(TypeError);
    const m = map([1], (n) => n, { concurrency: 1 });
    m[Symbol.asyncIterator]();
    expect(() => m[Symbol.asyncIterator]()).toThrow(/iterated once/);
    expect(() => m[Symbol.asyncIterator]()).toThrow(MapStreamReusedError);
  });
});
