// The browser suite runs where its config says: this file fails if the page
// vitest opened is not the browser the config names (each config defines
// __GOCHAN_BROWSER__), so a provider that quietly opened another browser,
// or none, cannot pass for Firefox or Chromium. Under Node it has nothing
// to check.
import { describe, expect, it } from "vitest";

declare const __GOCHAN_BROWSER__: string | undefined;
const expected = typeof __GOCHAN_BROWSER__ === "string" ? __GOCHAN_BROWSER__ : undefined;

describe.skipIf(expected === undefined)("the browser suite's engine", () => {
  it("is the browser the config names, with module Web Workers", async () => {
    const agent = (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent;
    expect(agent).toMatch(expected === "firefox" ? /Firefox\/\d+/ : /Chrome\/\d+/);
    if (expected === "firefox") expect(agent).not.toMatch(/Chrome/);
    // A module worker answers: the threads the pool tests start are real ones.
    const source = "self.onmessage = (e) => self.postMessage(e.data * 2);";
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const Worker = (globalThis as unknown as { Worker: new (u: string, o: { type: "module" }) => { onmessage: ((e: { data: number }) => void) | null; postMessage(m: number): void; terminate(): void } }).Worker;
    const w = new Worker(url, { type: "module" });
    const answer = await new Promise<number>((resolve) => {
      w.onmessage = (e) => resolve(e.data);
      w.postMessage(21);
    });
    w.terminate();
    expect(answer).toBe(42);
  });
});
