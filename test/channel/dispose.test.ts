import { describe, expect, it } from "vitest";
import { Channel } from "gochan";

describe("using: Go's defer close(ch)", () => {
  it("using closes the channel at the end of the scope", async () => {
    const seen: number[] = [];
    const out = new Channel<number>(3);
    {
      using ch = out;
      await ch.send(1);
      await ch.send(2);
    }
    for await (const v of out) seen.push(v);
    expect(seen).toEqual([1, 2]);
    expect(await out.recv()).toEqual([undefined, false]);
  });

  it("disposing a channel already closed by hand does not throw", () => {
    expect(() => {
      using ch = new Channel<number>();
      ch.close();
    }).not.toThrow();
  });
});
