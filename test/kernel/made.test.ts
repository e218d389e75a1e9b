// The recorder hears of a channel when it is made (Recorder.made, what the
// playground uses to draw a channel from its make), named already; with no
// recorder installed, making a channel calls nothing.
import { afterEach, describe, expect, it } from "vitest";
import { Channel } from "gochan";
import { nameOf, recorder, setLevel, setRecorder, type Recorder } from "../../src/kernel/trace.js";

afterEach(() => {
  setRecorder(null);
  setLevel(0);
});

function recording(made: Array<{ cap: number; name: string | undefined }>): Recorder {
  const none = (): void => undefined;
  return {
    passed: none,
    parked: none,
    left: none,
    closed: none,
    chose: none,
    pool: none,
    task: (_name, fn) => fn(),
    made(ch) {
      made.push({ cap: (ch as Channel<unknown>).cap, name: nameOf(ch) });
    },
  };
}

describe("Recorder.made", () => {
  it("is told of each channel made, in order, while a recorder is installed", () => {
    const made: Array<{ cap: number; name: string | undefined }> = [];
    setRecorder(recording(made));
    new Channel<number>();
    new Channel<number>(5, { name: "jobs" });
    expect(made).toEqual([{ cap: 0, name: undefined }, { cap: 5, name: "jobs" }]);
  });

  it("is optional: a recorder without it is not called", () => {
    const r = recording([]);
    delete (r as { made?: unknown }).made;
    setRecorder(r);
    expect(() => new Channel<number>(1)).not.toThrow();
  });

  it("costs nothing but a null test when no recorder is installed", () => {
    expect(recorder).toBeNull();
    expect(new Channel<number>(2).cap).toBe(2);
  });
});
