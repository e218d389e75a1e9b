/**
 * The fast-check kit: arbitraries of capacities, of schedules of channel
 * operations, of model-run commands and of a replayable scheduler, built
 * from the `fc` a test imports (fast-check is an optional peer dependency,
 * so nothing of gochan loads it).
 */
import type fastCheck from "fast-check";
import type { Arbitrary, AsyncCommand } from "fast-check";
import { AbortCommand, CloseCommand, RecvCommand, SelectCommand, SendCommand, TryRecvCommand, TrySendCommand, type ChannelCommand } from "./commands.js";
import type { ChannelModel, ChannelRun } from "./model.js";
import { GoScheduler } from "./seeded.js";

/**
 * One operation of a schedule: what a worker of a test does next.
 *
 * @example
 * ```ts
 * const op: Op = { op: "send", value: 3 };
 * ```
 */
export type Op =
  | { op: "send"; value: number }
  | { op: "recv" }
  | { op: "close" }
  | { op: "select"; withDefault: boolean }
  | { op: "abort"; pick: number };

/**
 * Options of the kit's `commands`.
 *
 * @example
 * ```ts
 * kit.commands({ select: false, maxCommands: 40 });
 * ```
 */
export interface CommandOptions {
  /** Include select commands (they need a gochan Channel). Default true. */
  select?: boolean | undefined;
  /** Longest run. Default 60. */
  maxCommands?: number | undefined;
  /**
   * fast-check's replay path of a command list (the `replayPath` it prints
   * beside a failing run's commands): pass it, with the run's `seed` and
   * `path`, to replay that run.
   */
  replayPath?: string | undefined;
}

/**
 * What {@link fastCheckKit} returns.
 *
 * @example
 * ```ts
 * const kit: Kit = fastCheckKit(fc);
 * ```
 */
export interface Kit {
  /**
   * Channel capacities as the admired test suites pick them: 0 and 1 most
   * often, then small, then one large; shrinks towards 0.
   *
   * @example
   * ```ts
   * fc.assert(fc.property(kit.capacity(), (cap) => new Channel(cap).cap === cap));
   * ```
   */
  capacity(): Arbitrary<number>;
  /**
   * Schedules: a list of operations (send, recv, close, select, abort),
   * shrinking towards shorter ones.
   *
   * @example
   * ```ts
   * fc.sample(kit.schedule({ maxLength: 5 }), 1); // e.g. [[{ op: "send", value: 2 }, { op: "close" }]]
   * ```
   */
  schedule(options?: { maxLength?: number | undefined }): Arbitrary<Op[]>;
  /**
   * Model-run commands against {@link ChannelModel}: for
   * `fc.asyncModelRun` with the model and a `ChannelRun` of the channel under test.
   *
   * @example
   * ```ts
   * fc.asyncProperty(kit.capacity(), kit.commands(), (cap, cmds) =>
   *   fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Channel<number>(cap)) }), cmds));
   * ```
   */
  commands(options?: CommandOptions): Arbitrary<Iterable<AsyncCommand<ChannelModel, ChannelRun>>>;
  /**
   * A {@link GoScheduler}: a seed for select's choices and a fast-check
   * scheduler for start orders, drawn, shrunk and replayed by fast-check.
   *
   * @example
   * ```ts
   * fc.asyncProperty(kit.scheduler(), (s) => s.run(() => program(s)));
   * ```
   */
  scheduler(): Arbitrary<GoScheduler>;
}


/**
 * The fast-check kit, made from the fast-check the test imports: gochan
 * itself never loads fast-check (an optional peer dependency), so pass it in.
 *
 * @throws TypeError if `fc` does not look like fast-check.
 *
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { Channel } from "gochan";
 * import { ChannelModel, ChannelRun, fastCheckKit } from "gochan/testing";
 *
 * const kit = fastCheckKit(fc);
 * await fc.assert(
 *   fc.asyncProperty(kit.capacity(), kit.commands(), (cap, cmds) =>
 *     fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Channel<number>(cap)) }), cmds),
 *   ),
 * );
 * ```
 */
export function fastCheckKit(fc: typeof fastCheck): Kit {
  if (fc === null || typeof fc !== "object" || typeof fc.commands !== "function" || typeof fc.scheduler !== "function") {
    throw new TypeError("fastCheckKit: pass fast-check's default export (import fc from \"fast-check\")");
  }
  return {
    capacity: () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 10 }) }, { weight: 1, arbitrary: fc.constant(100) }),
    schedule: (options = {}) =>
      fc.array(
        fc.oneof(
          fc.nat(99).map((value): Op => ({ op: "send", value })),
          fc.constant<Op>({ op: "recv" }),
          fc.constant<Op>({ op: "close" }),
          fc.boolean().map((withDefault): Op => ({ op: "select", withDefault })),
          fc.nat(20).map((pick): Op => ({ op: "abort", pick })),
        ),
        { maxLength: options.maxLength ?? 20 },
      ),
    commands: (options = {}) => {
      const cmds: Array<Arbitrary<ChannelCommand>> = [
        fc.boolean().map((a) => new SendCommand(a)),
        fc.boolean().map((a) => new RecvCommand(a)),
        fc.constant(new TrySendCommand()),
        fc.constant(new TryRecvCommand()),
        fc.nat(20).map((k) => new AbortCommand(k)),
        fc.constant(new CloseCommand()),
      ];
      if (options.select !== false) cmds.push(fc.tuple(fc.boolean(), fc.boolean()).map(([d, a]) => new SelectCommand(d, a)));
      return fc.commands(cmds as Array<Arbitrary<AsyncCommand<ChannelModel, ChannelRun>>>, {
        maxCommands: options.maxCommands ?? 60,
        ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
      });
    },
    scheduler: () => fc.tuple(fc.integer({ min: 0, max: 0x7fffffff }), fc.scheduler()).map(([seed, s]) => new GoScheduler(seed, s as never)),
  };
}
