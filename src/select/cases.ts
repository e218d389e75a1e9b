/**
 * The cases of a select: Go's `case v, ok := <-ch:` is `recv(ch, (v, ok) => ...)`
 * and `case ch <- v:` is `send(ch, v, () => ...)`.
 *
 * A case is a plain description; nothing happens until `select` runs it. The
 * body is optional: without one, `select` returns which case ran (and, for a
 * receive, what it got), typed per case.
 *
 * Bad input fails at the call that wrote it: a channel argument that is not a
 * gochan channel (or `null`, Go's nil channel) or a body that is not a
 * function is a `TypeError` here, not later inside `select`.
 */
import type { RecvChannel, SendChannel } from "../channel/index.js";
import { channelOf, type Channel } from "../channel/internal.js";

/**
 * The body type of a case written without a body: `select` then returns
 * which case ran instead of a body's result. Only a type; never a value.
 *
 * @example
 * ```ts
 * const c: RecvCase<number, NoBody> = recv(jobs); // same as RecvCase<number>
 * ```
 */
export interface NoBody {
  readonly "gochan.noBody": true;
}

/**
 * A receive case, made by {@link recv}.
 *
 * @example
 * ```ts
 * const c: RecvCase<number, string> = recv(jobs, (j, ok) => (ok ? `job ${j}` : "closed"));
 * ```
 */
export class RecvCase<T, R = NoBody> {
  /** Tells the case kinds apart, for `select`'s result types and at run time. */
  readonly op = "recv" as const;

  /** @internal */
  constructor(
    /** The channel received from; null is Go's nil channel, never ready (C14). */
    readonly channel: Channel<T> | null,
    /** Runs with the received value once this case is chosen. */
    readonly body: RecvBody<T, R> | undefined,
  ) {}
}

/**
 * A send case, made by {@link send}.
 *
 * @example
 * ```ts
 * const c: SendCase<number, void> = send(results, 42, () => console.log("sent"));
 * ```
 */
export class SendCase<T, R = NoBody> {
  /** Tells the case kinds apart, for `select`'s result types and at run time. */
  readonly op = "send" as const;

  /** @internal */
  constructor(
    /** The channel sent on; null is Go's nil channel, never ready (C14). */
    readonly channel: Channel<T> | null,
    /** The value offered; delivered only if this case is chosen (S1). */
    readonly value: T,
    /** Runs once this case is chosen and the value delivered. */
    readonly body: (() => R) | undefined,
  ) {}
}

/**
 * A receive case's body: Go's `v, ok` as two parameters whose types depend on
 * each other, so `if (ok)` narrows `v` to `T`.
 *
 * @example
 * ```ts
 * const body: RecvBody<number, string> = (v, ok) => (ok ? `got ${v.toFixed(1)}` : "closed");
 * ```
 */
export type RecvBody<T, R> = {
  // Declared as a method so that a case of any T fits `Case` (methods compare
  // their parameters both ways; `T = never`, as for `done(signal)`, needs it).
  /** Gets `(value, true)` for a received value, `(undefined, false)` when the channel is closed. */
  body(...result: [value: T, ok: true] | [value: undefined, ok: false]): R;
}["body"];

/**
 * Any case `select` accepts.
 *
 * @example
 * ```ts
 * const cases: Case[] = inputs.map((ch) => recv(ch)); // built in a loop: Go needs reflect.Select for this
 * const r = await select(cases);
 * ```
 */
export type Case = RecvCase<any, any> | SendCase<any, any>;

/**
 * A receive case: Go's `case v, ok := <-ch:`. `null` is a nil channel, never
 * chosen (C14). A receive case on a closed channel is always ready and gets
 * `(undefined, false)` (S4).
 *
 * The body, if given, runs with `(value, ok)` if this case is chosen, and
 * `select` resolves to what it returns (awaited).
 *
 * @example
 * ```ts
 * await select([
 *   recv(jobs, (j, ok) => (ok ? console.log("job", j) : console.log("no more jobs"))),
 *   recv(quit, () => console.log("quit")),
 * ]);
 * ```
 */
export function recv<T>(ch: RecvChannel<T> | null): RecvCase<T>;
export function recv<T, R>(ch: RecvChannel<T> | null, body: RecvBody<T, R>): RecvCase<T, R>;
// A body of one parameter, `(v) => ...`, does not fit RecvBody's rest tuple; this says it may.
export function recv<T, R>(ch: RecvChannel<T> | null, body: (value: T | undefined) => R): RecvCase<T, R>;
export function recv<T, R>(
  ch: RecvChannel<T> | null,
  body?: RecvBody<T, R> | ((value: T | undefined) => R),
): RecvCase<T, R> {
  return new RecvCase(resolveChannel<T>(ch, "recv"), checkBody(body as RecvBody<T, R> | undefined, "recv"));
}

/**
 * A send case: Go's `case ch <- value:`. `null` is a nil channel, never chosen
 * (C14). If this case is chosen on a closed channel, `select` rejects with
 * `SendOnClosedChannelError` (S4); if it is not chosen, `value` is not delivered (S1).
 *
 * The body, if given, runs if this case is chosen, and `select` resolves to
 * what it returns (awaited).
 *
 * @example
 * ```ts
 * await select([
 *   send(results, 2 * j, () => console.log("sent", 2 * j)),
 *   recv(after(1000), () => console.log("timed out")),
 * ]);
 * ```
 */
export function send<T>(ch: SendChannel<T> | null, value: T): SendCase<T>;
export function send<T, R>(ch: SendChannel<T> | null, value: T, body: () => R): SendCase<T, R>;
export function send<T, R>(ch: SendChannel<T> | null, value: T, body?: () => R): SendCase<T, R> {
  return new SendCase(resolveChannel<T>(ch, "send"), value, checkBody(body, "send"));
}

function resolveChannel<T>(ch: unknown, kind: "recv" | "send"): Channel<T> | null {
  if (ch === null) return null;
  const c = channelOf<T>(ch, kind);
  if (c === null) throw new TypeError(`select: ${kind}(ch): ch must be a gochan channel or null, got ${typeof ch}`);
  return c;
}

function checkBody<F>(body: F | undefined, kind: string): F | undefined {
  if (body !== undefined && typeof body !== "function") {
    throw new TypeError(`select: the body of a ${kind} case must be a function, got ${typeof body}`);
  }
  return body;
}
