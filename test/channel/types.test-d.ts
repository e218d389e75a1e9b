import { describe, expectTypeOf, it } from "vitest";
import { Channel, type RecvChannel, type RecvResult, type SendChannel } from "gochan";

describe("C13: directions are enforced by the types", () => {
  it("C13: a Channel is assignable to both directional types", () => {
    expectTypeOf<Channel<number>>().toExtend<RecvChannel<number>>();
    expectTypeOf<Channel<number>>().toExtend<SendChannel<number>>();
  });

  it("C13: a receive-only channel has no send or close; a send-only one has no recv", () => {
    const r = new Channel<number>().recvOnly();
    const s = new Channel<number>().sendOnly();
    // @ts-expect-error Go: invalid operation: cannot send to receive-only channel
    void r.send(1);
    // @ts-expect-error Go: invalid operation: cannot close receive-only channel
    r.close();
    // @ts-expect-error Go: invalid operation: cannot receive from send-only channel
    void s.recv();
    expectTypeOf(r).not.toHaveProperty("trySend");
    expectTypeOf(s).not.toHaveProperty("tryRecv");
    expectTypeOf<RecvChannel<number>>().not.toExtend<SendChannel<number>>();
    expectTypeOf<SendChannel<number>>().not.toExtend<RecvChannel<number>>();
  });

  it("C6: the ok flag narrows the value", async () => {
    const ch = new Channel<string>(1);
    const [v, ok] = await ch.recv();
    if (ok) expectTypeOf(v).toEqualTypeOf<string>();
    else expectTypeOf(v).toEqualTypeOf<undefined>();
    expectTypeOf(ch.tryRecv()).toEqualTypeOf<RecvResult<string> | undefined>();
    expectTypeOf(ch.receive()).toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(ch.recvOnly().receive()).toEqualTypeOf<Promise<string | undefined>>();
    for await (const x of ch) expectTypeOf(x).toEqualTypeOf<string>();
  });
});
