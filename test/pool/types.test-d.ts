import { describe, expectTypeOf, it } from "vitest";
import { map, Pool, type JobContext, type Result, type SendChannel, type RecvChannel } from "gochan";

describe("the pool's types", () => {
  it("a handler's job and context are typed, and a result narrows on status", async () => {
    const pool = new Pool(async (url: string, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<JobContext>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      return url.length;
    });
    expectTypeOf(pool.jobs).toEqualTypeOf<SendChannel<string>>();
    expectTypeOf(pool.results).toEqualTypeOf<RecvChannel<Result<string, number>>>();
    for await (const r of pool.results) {
      expectTypeOf(r.job).toEqualTypeOf<string>();
      if (r.status === "done") expectTypeOf(r.value).toEqualTypeOf<number>();
      else {
        expectTypeOf(r.error).toEqualTypeOf<unknown>();
        expectTypeOf(r.value).toEqualTypeOf<undefined>();
      }
      if (r.status === "cancelled") expectTypeOf(r.worker).toEqualTypeOf<number | undefined>();
      if (r.status === "failed") expectTypeOf(r.worker).toEqualTypeOf<number>();
    }
    // @ts-expect-error jobs carry the handler's job type
    void pool.jobs.send(42);
  });

  it("map streams results typed by its source and function", async () => {
    for await (const r of map([1, 2, 3], (n) => String(n))) {
      expectTypeOf(r).toEqualTypeOf<Result<number, string>>();
    }
  });
});
