/**
 * `gochan/testing`: what a test of channel code needs. {@link synctest} runs
 * a test body with virtual time (Go 1.25's `testing/synctest`);
 * {@link trackLeaks} fails a test that leaves gochan operations parked,
 * timers pending or pools running (go.uber.org/goleak); the fast-check kit
 * ({@link fastCheckKit}, {@link ChannelModel}, {@link seeded}) runs channel
 * code against a reference model with replayable schedules. See
 * docs/testing.md.
 *
 * fast-check is an optional peer dependency: nothing here imports it. The
 * kit's arbitraries are made by `fastCheckKit(fc)` from the `fc` the test
 * imports, so this module loads, and synctest and the leak check work,
 * without fast-check installed.
 *
 * @module
 */
export { synctest, wait, outside, now, BubbleDeadlockError, NestedBubbleError, NotInBubbleError, type RunningTicker, type SynctestOptions } from "./synctest.js";
export { trackLeaks, LeakError, LeakTrackerStoppedError, type Leak, type LeakOptions, type LeakTracker } from "./leaks.js";
export { fastCheckKit, type CommandOptions, type Kit, type Op } from "./kit.js";
export { prng, seeded, GoScheduler, type FcScheduler } from "./seeded.js";
export { ChannelModel, ChannelRun, compare, ModelMismatchError, ABORTED, type ChannelLike, type Outcome } from "./model.js";
export {
  SendCommand,
  RecvCommand,
  TrySendCommand,
  TryRecvCommand,
  CloseCommand,
  AbortCommand,
  SelectCommand,
  type ChannelCommand,
} from "./commands.js";
