// A handler on this thread runs in its submitter's async context (as
// p-limit's do): AsyncLocalStorage values set around submit / jobs.send /
// a select send case are what the handler reads, whether the send completed
// at once or parked first, with or without a timeout.
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { Pool, map, select, send, type Result } from "gochan";

const user = new AsyncLocalStorage<string>();

/** A handler that reads the store before and after an await. */
async function whoAsks(job: number): Promise<string> {
  const before = user.getStore();
  await new Promise((r) => setTimeout(r, 1));
  return `${job}:${before}/${user.getStore()}`;
}

async function collect<J, R>(pool: Pool<J, R>): Promise<Array<Result<J, R>>> {
  const out: Array<Result<J, R>> = [];
  for await (const r of pool.results) out.push(r);
  return out;
}

function expectOwnStores(results: Array<Result<number, string>>, n: number): void {
  expect(results).toHaveLength(n);
  for (const r of results) expect(r.value).toBe(`${r.job}:user ${r.job}/user ${r.job}`);
}

describe("a handler sees its submitter's AsyncLocalStorage", () => {
  it("submit and jobs.send, each under its own store: every handler reads its job's store, before and after an await", async () => {
    // The pool is made outside any store: its workers start in none.
    const pool = new Pool<number, string>(whoAsks, { workers: 2, buffer: 16 });
    const done = collect(pool);
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((j) => user.run(`user ${j}`, () => (j % 2 === 0 ? pool.submit(j) : pool.jobs.send(j)))),
    );
    pool.close();
    expectOwnStores(await done, 6);
  });

  it("sends that park on a full queue keep their own store, though a worker pulls them in", async () => {
    const pool = new Pool<number, string>(whoAsks, { workers: 1, buffer: 1 });
    const done = collect(pool);
    // 8 senders at once into a queue of 1: most park, and the worker's take pulls them in.
    await Promise.all(Array.from({ length: 8 }, (_, j) => user.run(`user ${j}`, () => (j % 2 === 0 ? pool.submit(j, { priority: j }) : pool.jobs.send(j)))));
    pool.close();
    expectOwnStores(await done, 8);
  });

  it("a select send case on pool.jobs, and a pool with a timeout", async () => {
    const pool = new Pool<number, string>(whoAsks, { workers: 2, buffer: 1, timeout: 10_000 });
    const done = collect(pool);
    await Promise.all(Array.from({ length: 6 }, (_, j) => user.run(`user ${j}`, () => select([send(pool.jobs, j, () => undefined)]))));
    pool.close();
    expectOwnStores(await done, 6);
  });

  it("map(): the handler reads the store map() was called in", async () => {
    const got = await user.run("caller", async () => {
      const out: Array<string | undefined> = [];
      for await (const r of map([1, 2, 3], async () => user.getStore(), { concurrency: 2 })) out.push(r.value);
      return out;
    });
    expect(got).toEqual(["caller", "caller", "caller"]);
  });

  it("a job sent outside any store runs in none, even on a pool made inside one", async () => {
    const pool = user.run("maker", () => new Pool<number, string | undefined>(() => user.getStore(), { workers: 1 }));
    const done = collect(pool);
    await pool.submit(1);
    pool.close();
    expect((await done).map((r) => r.value)).toEqual([undefined]);
  });
});

describe("nothing of the context crosses to a thread", { timeout: 30_000 }, () => {
  it("a handler on a thread reads empty stores; what the job carries, it can set there (docs/threads.md)", async () => {
    const pool = new Pool<{ user?: string | undefined }, { before?: string; inside?: string }>(new URL("./handlers/context.ts", import.meta.url), { workers: 1 });
    const done = collect(pool);
    await user.run("alice", () => pool.submit({ user: user.getStore() }));
    pool.close();
    const [r] = await done;
    expect(r!.status).toBe("done");
    expect(r!.value).toEqual({ before: undefined, inside: "alice" });
  });
});
