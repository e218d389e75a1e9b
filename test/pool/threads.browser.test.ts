// The thread pool in a real browser (Chromium, module Web Workers), run by
// the browser suite (vitest.browser.config.ts); under Node it runs on
// worker_threads, so it is a second check of the same promises there.
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan/pool";
import { ThreadLoadError, threads, transfer } from "gochan/threads";

describe("Pool on threads (Web Workers in a browser)", { timeout: 30_000 }, () => {
  it("runs j * 2 on 2 threads: every job once, errors arrive as Errors, buffers move", async () => {
    const pool = new Pool<{ n: number; buf?: Uint8Array }, number>(new URL("./handlers/web.ts", import.meta.url), { workers: 2, buffer: 16 });
    const buf = new Uint8Array(1024).fill(3);
    const producer = (async () => {
      for (let n = 0; n < 200; n++) await pool.submit({ n });
      await pool.submit(transfer({ n: 1000, buf }, [buf.buffer]));
      await pool.submit({ n: -1 });
      pool.close();
    })();
    const results: Array<Result<{ n: number }, number>> = [];
    for await (const r of pool.results) results.push(r);
    await producer;
    await pool.settled();
    expect(results).toHaveLength(202);
    expect(buf.byteLength).toBe(0); // moved to the thread, not copied
    const byN = new Map(results.map((r) => [r.job.n, r]));
    for (let n = 0; n < 200; n++) expect(byN.get(n), String(byN.get(n)?.error)).toMatchObject({ status: "done", value: n * 2 });
    expect(byN.get(1000)).toMatchObject({ status: "done", value: 1024 * 3 });
    const failed = byN.get(-1)!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeInstanceOf(RangeError);
    expect((failed.error as Error & { code?: string }).code).toBe("E_NEG");
    expect(new Set(results.map((r) => r.worker))).toEqual(new Set([1, 2]));
  });
});

describe("threads(start): the app starts its own workers (the bundler pattern)", { timeout: 30_000 }, () => {
  it("runs the handler its worker file serves", async () => {
    const Worker = (globalThis as { Worker?: new (url: URL, options: { type: "module" }) => object }).Worker;
    if (Worker === undefined) return; // Node has no global Worker; threads.test.ts covers worker_threads
    const pool = new Pool<number, number>(threads(() => new Worker(new URL("./handlers/served.ts", import.meta.url), { type: "module" })), { workers: 2, buffer: 32 });
    for (let j = 0; j < 20; j++) await pool.submit(j);
    pool.close();
    const got: number[] = [];
    for await (const r of pool.results) got.push(r.value!);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, j) => j + 1000));
  });
});

describe("a thread that cannot load says why, in a browser too", { timeout: 30_000 }, () => {
  async function failure(module: URL | ReturnType<typeof threads>): Promise<ThreadLoadError> {
    const pool = new Pool<number, number>(module as URL, { workers: 2 });
    await pool.submit(1);
    pool.close();
    const results: Array<Result<number, number>> = [];
    for await (const r of pool.results) results.push(r);
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe("failed");
    expect(results[0]!.error).toBeInstanceOf(ThreadLoadError);
    return results[0]!.error as ThreadLoadError;
  }

  it("a handler a bundler inlined as a data: URL of its TypeScript: reason inlined, with the bundler pattern as hint", async () => {
    const source = btoa("export default function (j: number): number { return j * 2 }\n");
    const e = await failure(new URL(`data:video/mp2t;base64,${source}`));
    expect(e.reason).toBe("inlined");
    expect(e.message).toMatch(/\nhint: in a bundled app, start threads with threads\(/);
  });

  it("a worker file that is not there (a build that did not emit it): not a bare 'thread exited', but which and what to check", async () => {
    const Worker = (globalThis as { Worker?: new (url: URL, options: { type: "module" }) => object }).Worker;
    if (Worker === undefined) return; // Node: load.test.ts covers worker_threads
    const e = await failure(threads(() => new Worker(new URL("./handlers/not-emitted.worker.js", import.meta.url), { type: "module" })));
    expect(e.reason).toBe("entry-not-found");
    expect(e.message).toMatch(/^pool: the worker that threads\(start\) returned did not start: /);
    expect(e.message).toContain("\nhint: ");
  });
});

