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
