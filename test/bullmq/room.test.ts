// The producer's backpressure (src/bullmq/room.ts) without Redis: the bound, and the batch a full queue waits for.
import { describe, expect, it } from "vitest";
import { Room, type Inlet } from "../../src/bullmq/room.js";
import { waitingKeys } from "../../src/bullmq/wire.js";

/** A room of `buffer` 16 letting senders back in by 4, over a producer whose unreported jobs the test sets. */
function room(parked: () => boolean = () => false) {
  const state = { unreported: 0, pulled: 0 };
  const r = new Room(16, 4, waitingKeys("bull", "q"), {
    unreported: () => state.unreported,
    accepting: () => true,
    finished: () => true, // no count of Redis: the estimate alone
    client: () => undefined,
  });
  const plain: Inlet<unknown> = {
    hasParked: parked,
    firstParked: () => undefined,
    pull: () => {
      if (!parked()) return false;
      state.pulled++;
      state.unreported++;
      r.accepted();
      return true;
    },
  };
  const none: Inlet<{ readonly priority: number }> = { hasParked: () => false, firstParked: () => undefined, pull: () => false };
  r.inputs(plain, none);
  const accept = (n: number) => {
    for (let i = 0; i < n; i++) {
      state.unreported++;
      r.accepted();
    }
  };
  return { r, state, accept };
}

describe("the producer's room", () => {
  it("lets sends in up to buffer, then none until a batch's worth of room is back", () => {
    const { r, state, accept } = room();
    expect(r.sendable()).toBe(16);
    accept(15);
    expect(r.sendable()).toBe(1);
    accept(1);
    expect(r.sendable()).toBe(0);
    expect(r.queued()).toBe(16);
    state.unreported = 13; // three reported: room for 3, below the batch of 4
    expect(r.free()).toBe(3);
    expect(r.sendable()).toBe(0);
    state.unreported = 12;
    expect(r.sendable()).toBe(4);
    accept(2); // not full again: the next send needs no batch
    expect(r.sendable()).toBe(2);
  });

  it("pulls waiting senders in once results bring a batch's worth of room back, never past buffer", () => {
    const waiting = true;
    const { r, state, accept } = room(() => waiting);
    accept(16);
    expect(r.sendable()).toBe(0);
    state.unreported = 14;
    r.afterResults();
    expect(state.pulled).toBe(0);
    state.unreported = 11;
    r.afterResults();
    expect(state.pulled).toBe(5);
    expect(state.unreported).toBe(16);
  });
});
