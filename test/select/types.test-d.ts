import { describe, expectTypeOf, it } from "vitest";
import { after, Channel, recv, select, send } from "gochan";

describe("select's types", () => {
  it("S1: a select result narrows by case without casts", async () => {
    const nums = new Channel<number>();
    const strs = new Channel<string>();
    const r = await select([recv(nums), recv(strs), send(nums, 1)]);
    if (r.index === 0) {
      if (r.ok) expectTypeOf(r.value).toEqualTypeOf<number>();
      else expectTypeOf(r.value).toEqualTypeOf<undefined>();
    } else if (r.index === 1) {
      if (r.ok) expectTypeOf(r.value).toEqualTypeOf<string>();
    } else {
      expectTypeOf(r.index).toEqualTypeOf<2>();
      // @ts-expect-error a send case has no value
      void r.value;
    }
  });

  it("S1: bodies get Go's (v, ok), and select resolves to the union of what they return", async () => {
    const jobs = new Channel<number>();
    const out = new Channel<string>();
    const r = await select(
      [
        recv(jobs, (v, ok) => {
          if (ok) expectTypeOf(v).toEqualTypeOf<number>();
          return ok ? v : null;
        }),
        send(out, "x", async () => "sent" as const),
        recv(after(10), () => false),
      ],
      { default: () => undefined },
    );
    expectTypeOf(r).toEqualTypeOf<number | null | "sent" | boolean | undefined>();
  });

  it("C13: a send case refuses a receive-only channel, a recv case a send-only one", () => {
    const ch = new Channel<number>();
    // @ts-expect-error cannot send to receive-only channel
    send(ch.recvOnly(), 1);
    // @ts-expect-error cannot receive from send-only channel
    recv(ch.sendOnly());
    // @ts-expect-error the value must match the channel's type
    send(ch, "one");
  });
});
