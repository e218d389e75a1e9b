// The call sites blocked(), leak reports and synctest print: the caller's
// frames, in either engine's stack format (V8's in Node and Chromium;
// SpiderMonkey's in Firefox, where the browser suite also runs).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { userFrames } from "../../src/runtime/blocked.js";

const lib = fileURLToPath(new URL("../../src/", import.meta.url));

describe("userFrames: the caller's frames of a recorded stack", () => {
  it("V8: drops the message line, gochan's frames and the promise machinery", () => {
    const stack = [
      "Error",
      `    at Channel.send (${lib}channel/channel.ts:10:5)`,
      "    at main (/app/src/main.ts:3:9)",
      "    at new Promise (<anonymous>)",
      "    at run (/app/src/run.ts:7:1)",
    ].join("\n");
    expect(userFrames(stack)).toBe("\tat main (/app/src/main.ts:3:9)\n\tat run (/app/src/run.ts:7:1)");
  });

  it("SpiderMonkey (Firefox): name@url:line:col frames, no message line; gochan's frames dropped", () => {
    const stack = [`send@${lib}channel/channel.ts:10:5`, "main@http://127.0.0.1:5173/src/main.ts:3:9", "async*@http://127.0.0.1:5173/src/run.ts:7:1", ""].join("\n");
    expect(userFrames(stack)).toBe("\tmain@http://127.0.0.1:5173/src/main.ts:3:9\n\tasync*@http://127.0.0.1:5173/src/run.ts:7:1");
  });

  it("nothing recorded: nothing printed", () => {
    expect(userFrames("")).toBe("");
  });
});
