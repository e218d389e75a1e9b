import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { recv, select, send } from "gochan";

// `npm test` builds dist/ before running vitest: the CommonJS build is a second copy of gochan.
const other = createRequire(import.meta.url)("../../dist/index.cjs") as typeof import("gochan");

describe("two copies of gochan in one app (the ESM and CommonJS builds)", () => {
  it("a channel made by one copy works in the other copy's select, views included", async () => {
    const ch = new other.Channel<number>(1);
    expect(ch).not.toBeInstanceOf((await import("gochan")).Channel);
    ch.trySend(5);
    expect(await select([recv(ch)])).toEqual({ index: 0, value: 5, ok: true });
    const view = ch.recvOnly();
    ch.trySend(6);
    expect(await select([recv(view, (v) => v)])).toBe(6);
    expect(() => send(view as never, 1)).toThrow(/cannot send to receive-only channel/);
  });
});

describe("C9 and S4 across the two copies: one set of sentinels", () => {
  it("C9: a select of either copy over a closed, drained channel of the other yields ok false (it spun before)", async () => {
    const esm = await import("gochan");
    for (const [maker, selector] of [[other, esm], [esm, other]] as const) {
      const ch = new maker.Channel<number>(1);
      ch.trySend(1);
      ch.close();
      expect(await selector.select([selector.recv(ch)])).toEqual({ index: 0, value: 1, ok: true });
      expect(await selector.select([selector.recv(ch)])).toEqual({ index: 0, value: undefined, ok: false });
      expect(await selector.select([selector.recv(ch.recvOnly())])).toEqual({ index: 0, value: undefined, ok: false });
      // A for-select loop over the closed channel ends: the case reports ok false every time.
      let rounds = 0;
      for (;;) {
        const r = await selector.select([selector.recv(ch)]);
        if (!r.ok || ++rounds > 3) break;
      }
      expect(rounds).toBe(0);
    }
  });

  it("S4: a send case of either copy on a closed channel of the other throws Go's panic", async () => {
    const esm = await import("gochan");
    for (const [maker, selector] of [[other, esm], [esm, other]] as const) {
      const ch = new maker.Channel<number>();
      ch.close();
      await expect(selector.select([selector.send(ch, 1)])).rejects.toThrow("send on closed channel");
    }
  });

  it("S1: a timer channel of either copy fires in the other's select", async () => {
    const esm = await import("gochan");
    for (const [maker, selector] of [[other, esm], [esm, other]] as const) {
      const r = await selector.select([selector.recv(maker.after(0))]);
      expect(r.ok).toBe(true);
      expect(r.value).toBeInstanceOf(Date);
    }
  });
});

describe("D3: errors from either copy of gochan are instances of both copies' classes", () => {
  /** Each error class, provoked in the copy `g`. */
  const provoke = (g: typeof import("gochan")): Record<string, () => unknown> => ({
    SendOnClosedChannelError: () => {
      const ch = new g.Channel<number>();
      ch.close();
      ch.trySend(1);
    },
    CloseOfClosedChannelError: () => {
      const ch = new g.Channel<number>();
      ch.close();
      ch.close();
    },
    NegativeWaitGroupCounterError: () => new g.WaitGroup().done(),
    ReleasedMoreThanHeldError: () => new g.Semaphore(1).release(),
    ModifyLimitWhileActiveError: () => {
      const eg = new g.ErrGroup();
      void eg.go(() => new Promise(() => undefined));
      eg.setLimit(1);
    },
  });
  const caught = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error("did not throw");
  };

  it("D3: an error thrown by the CommonJS build is instanceof the ESM build's class, and the reverse", async () => {
    const esm = await import("gochan");
    for (const [from, to] of [[other, esm], [esm, other]] as const) {
      for (const [name, fn] of Object.entries(provoke(from))) {
        const e = caught(fn);
        expect(e, name).toBeInstanceOf((to as unknown as Record<string, new () => Error>)[name]);
        expect(e, name).toBeInstanceOf(Error);
      }
      expect(caught(provoke(from).SendOnClosedChannelError!)).toBeInstanceOf(to.ChannelError);
      expect(caught(provoke(from).SendOnClosedChannelError!)).not.toBeInstanceOf(to.CloseOfClosedChannelError);
    }
    expect(new Error("x")).not.toBeInstanceOf(esm.ChannelError);
    expect(null).not.toBeInstanceOf(esm.ChannelError);
    class Mine extends esm.SendOnClosedChannelError {}
    expect(new esm.SendOnClosedChannelError()).not.toBeInstanceOf(Mine);
    expect(new Mine()).toBeInstanceOf(other.SendOnClosedChannelError);
  });
});
