// The broker's errors go through the one codec the threads use (src/threads/errors.ts), with a JSON check.
import { describe, expect, it } from "vitest";
import { decodeError, encodeError } from "../../src/threads/errors.js";
import { errorToWire, RemoteError } from "../../src/bullmq/wire.js";

describe("one error codec for threads and the broker", () => {
  it("keeps name, message, stack, cause and the fields JSON can carry; drops the others; survives JSON", () => {
    const e = Object.assign(new RangeError("out of range", { cause: new Error("deeper") }), { code: "E42", at: { line: 3 }, fn: () => 1, big: 10n });
    const wire = JSON.parse(JSON.stringify(errorToWire(e))) as ReturnType<typeof errorToWire>;
    expect(wire).toMatchObject({ name: "RangeError", message: "out of range", fields: { code: "E42", at: { line: 3 } } });
    expect(Object.keys(wire.fields).sort()).toEqual(["at", "code"]);
    expect(wire.stack).toContain("out of range");
    const remote = new RemoteError(wire);
    expect(remote.name).toBe("RangeError");
    expect(remote.fields).toEqual({ code: "E42", at: { line: 3 } });
    // The same record, decoded as a thread decodes it, is the built-in class again, cause included.
    const back = decodeError(wire) as RangeError & { code: string };
    expect(back).toBeInstanceOf(RangeError);
    expect(back.code).toBe("E42");
    expect((back.cause as Error).message).toBe("deeper");
  });

  it("a thrown non-error crosses as an Error saying what it was; a thread's codec keeps what cloning keeps", () => {
    expect(errorToWire("plain text")).toMatchObject({ name: "Error", message: "plain text" });
    expect(errorToWire({ n: 1 })).toMatchObject({ name: "Error", message: '{"n":1}' });
    const cloned = encodeError(Object.assign(new Error("x"), { when: new Date(0) })) as { fields: Record<string, unknown> };
    expect(cloned.fields["when"]).toEqual(new Date(0)); // a Date clones; JSON would refuse it
    expect(errorToWire(Object.assign(new Error("x"), { when: new Date(0) })).fields).toEqual({});
  });
});
