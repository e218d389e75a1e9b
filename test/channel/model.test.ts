/**
 * Model-based tests: fast-check drives random command sequences against a
 * Channel and the reference model of gochan/testing (Go's hchan as plain
 * arrays). Every channel state change happens at the call, synchronously,
 * so after each command the model predicts exactly how every operation so
 * far has settled, and the queue sizes. The commands, the model and the
 * comparison are the kit's (src/testing/model.ts); select's choices are
 * drawn from a seed that fast-check generates, so a failure replays.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { Channel } from "gochan";
import { ChannelModel, ChannelRun, fastCheckKit, seeded } from "gochan/testing";
import { flush } from "../support/flush.js";

const kit = fastCheckKit(fc);

export const MODEL_RUNS = 250;

describe.each([0, 1, 2, 3])("C4, C5, C8, C9, C11, X1, S1, S3: model-based, capacity %i", (cap) => {
  it(`C5: random send/recv/trySend/tryRecv/close/abort/select sequences match the model (${MODEL_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), kit.commands({ maxCommands: 60 }), (seed, cmds) =>
        seeded(seed, () => fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Channel<number>(cap), flush) }), cmds)),
      ),
      { numRuns: MODEL_RUNS },
    );
  });
});
