/**
 * select: Go's select statement.
 *
 * Two phases, as in Go's `selectgo`. Poll: among the cases that can proceed
 * now, pick one uniformly at random (S2) and perform it; the readiness checks
 * have no effect, so only the chosen case touches its channel (S1). If none
 * can proceed, take the default if there is one (S3), else park one waiter
 * per case (see parked.ts) until a channel completes one of them.
 *
 * The chosen case's body runs after the operation has completed, never inside
 * another task's channel operation, so a body that throws rejects this select
 * and nothing else.
 */
import { SendOnClosedChannelError } from "../channel/index.js";
import { ADMIT, afterYield, CAN_RECV, CAN_SEND, DRAINED, EMPTY, IS_CLOSED, recorder, RECV_NOW, SEND_NOW, signalOf, spend } from "../channel/internal.js";
import { RecvCase, SendCase, type Case, type NoBody } from "./cases.js";
import { DEFAULT, isRemote, Parked, type Chosen } from "./parked.js";
import { crossing } from "../kernel/ticket.js";
import { random } from "./random.js";

/**
 * What a receive case without a body returns: which case, and Go's `v, ok`.
 *
 * @example
 * ```ts
 * const r = await select([recv(a), recv(b)]);
 * if (r.index === 1 && r.ok) console.log("b sent", r.value);
 * ```
 */
export type Received<I extends number, T> =
  | { readonly index: I; readonly value: T; readonly ok: true }
  | { readonly index: I; readonly value: undefined; readonly ok: false };

/**
 * What a send case without a body returns: which case.
 *
 * @example
 * ```ts
 * const r = await select([send(out, 1), recv(quit)]);
 * if (r.index === 0) console.log("sent");
 * ```
 */
export interface Sent<I extends number> {
  readonly index: I;
}

/**
 * What one case `C` at index `I` contributes to a select's result: its
 * body's awaited result, or a {@link Received} / {@link Sent} record when it
 * has no body.
 *
 * @example
 * ```ts
 * type A = CaseResult<RecvCase<number>, 0>;          // Received<0, number>
 * type B = CaseResult<SendCase<string, boolean>, 1>; // boolean
 * ```
 */
// RecvCase and SendCase differ structurally only in `op`, which keeps a send
// case from matching RecvCase<...> here (a body of no parameters fits both).
export type CaseResult<C, I extends number> =
  C extends RecvCase<infer T, infer R>
    ? [R] extends [NoBody]
      ? Received<I, T>
      : Awaited<R>
    : C extends SendCase<any, infer R>
      ? [R] extends [NoBody]
        ? Sent<I>
        : Awaited<R>
      : never;

/**
 * What `select(cases)` resolves to: for each case, its body's (awaited)
 * result, or for a case without a body a `{ index, ... }` record whose
 * `index` tells which case ran.
 *
 * @example
 * ```ts
 * const r: SelectResult<[RecvCase<number>, SendCase<string, "sent">]> = await select([recv(nums), send(strs, "x", () => "sent" as const)]);
 * ```
 */
export type SelectResult<Cs extends readonly Case[]> = {
  [K in keyof Cs]: CaseResult<Cs[K], K extends `${infer I extends number}` ? I : number>;
}[number];

/**
 * Options of {@link select}.
 *
 * @example
 * ```ts
 * await select([recv(jobs)], { default: () => "idle", signal: AbortSignal.timeout(100) });
 * ```
 */
export interface SelectOptions<D> {
  /** Go's `default:` case: taken, and the select never blocks, when no case can proceed now (S3). */
  default?: (() => D) | undefined;
  /** Aborts a waiting select: it rejects with `signal.reason` and no case has had an effect (X1). */
  signal?: AbortSignal | undefined;
}

/**
 * Waits until one of `cases` can proceed, performs exactly that one, and
 * resolves to its body's result: Go's `select` statement.
 *
 * - Several ready cases: one is chosen uniformly at random (S2).
 * - `default`: taken when no case is ready now, so the select never blocks (S3).
 * - `null` channels are never ready (C14); with only those and no default, the
 *   select waits until `signal` aborts.
 * - Closed channel: a receive case is ready with `(undefined, false)`; a chosen
 *   send case rejects with `SendOnClosedChannelError` (S4).
 * - Cancellation: if `signal` aborts first, rejects with `signal.reason`, and
 *   no case has had an effect (X1); nothing stays registered (X2).
 *
 * @throws TypeError at the call if `cases` is not an array of `recv`/`send`
 *   cases, `default` is not a function or `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * // select {
 * // case v, ok := <-jobs:            ...
 * // case results <- x:               ...
 * // case <-time.After(time.Second):  ...
 * // default:                         ...
 * // }
 * const what = await select(
 *   [
 *     recv(jobs, (v, ok) => (ok ? `job ${v}` : "jobs closed")),
 *     send(results, x, () => "sent"),
 *     recv(after(1000), () => "timeout"),
 *   ],
 *   { default: () => "nothing ready" },
 * );
 *
 * // Without bodies, the result says which case ran:
 * const r = await select([recv(a), recv(b)]);
 * if (r.index === 0 && r.ok) console.log("a sent", r.value);
 * ```
 */
export function select<const Cs extends readonly Case[], D = never>(
  cases: Cs,
  options?: SelectOptions<D>,
): Promise<SelectResult<Cs> | Awaited<D>> {
  return run(cases, options) as Promise<SelectResult<Cs> | Awaited<D>>;
}

function run(cases: readonly Case[], options: SelectOptions<unknown> | undefined): Promise<unknown> {
  const signal = signalOf(options, "select");
  check(cases, options);
  if (signal !== undefined && signal.aborted) return Promise.reject(signal.reason);

  let remote = false;
  if (crossing) {
    try {
      remote = admit(cases);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // A ready case can still fail to complete: a waiter another thread
  // completed first is dropped when reached (src/kernel/ticket.ts). Then
  // look again.
  for (let index = pick(cases); index >= 0; index = pick(cases)) {
    let chosen: Chosen | null;
    try {
      chosen = perform(cases[index]!, index);
    } catch (e) {
      return Promise.reject(e);
    }
    if (chosen === null) continue;
    const done = spend() ? afterYield(chosen) : Promise.resolve(chosen);
    return done.then((c) => finish(cases, c, options));
  }

  const byDefault = options?.default;
  // Cases on other threads' channels cannot be polled here: their owners try
  // them, and the default waits for their answers (Parked's polling mode).
  if (byDefault !== undefined && !remote) return Promise.resolve().then(byDefault);

  return new Promise<Chosen>((resolve, reject) => new Parked(cases, signal, resolve, reject, byDefault !== undefined)).then((c) =>
    finish(cases, c, options),
  );
}

/** Checks each send case's value can reach its channel (one shared with other threads); says whether a case is on another thread's channel. */
function admit(cases: readonly Case[]): boolean {
  let remote = false;
  for (const c of cases) {
    const ch = c.channel;
    if (ch === null) continue;
    if (isRemote(ch)) remote = true;
    if (c instanceof SendCase) ch[ADMIT]?.(c.value);
  }
  if (remote && typeof SharedArrayBuffer !== "function") {
    throw new TypeError("select: a case on a channel of another thread needs SharedArrayBuffer (a cross-origin isolated page): see docs/threads.md");
  }
  return remote;
}

/** One pass over the cases: reservoir sampling keeps each ready case with probability 1/ready. */
function pick(cases: readonly Case[]): number {
  let chosen = -1;
  let ready = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const ch = c.channel;
    if (ch === null) continue;
    if (c instanceof RecvCase ? ch[CAN_RECV]() : ch[CAN_SEND]()) {
      ready++;
      if (ready === 1 || random() * ready < 1) chosen = i;
    }
  }
  return chosen;
}

/**
 * Performs a case that `pick` found ready: it completes now, or throws on a
 * closed channel's send; null if it could not complete after all (its only
 * peer was a waiter that another thread completed first).
 */
function perform(c: Case, index: number): Chosen | null {
  const ch = c.channel!;
  if (recorder !== null) recorder.chose(index, ch, c instanceof RecvCase ? "recv" : "send");
  if (c instanceof RecvCase) {
    const v = ch[RECV_NOW]();
    if (v === EMPTY) return null;
    return v === DRAINED ? { index, value: undefined, ok: false } : { index, value: v, ok: true };
  }
  if (ch[IS_CLOSED]) throw new SendOnClosedChannelError();
  if (!ch[SEND_NOW](c.value)) return null;
  return { index, value: undefined, ok: true };
}

/** Runs the chosen case's body, or describes the case when it has none. */
function finish(cases: readonly Case[], chosen: Chosen, options: SelectOptions<unknown> | undefined): unknown {
  if (chosen.index === DEFAULT) return options!.default!();
  const c = cases[chosen.index]!;
  if (c instanceof RecvCase) {
    if (c.body === undefined) return chosen;
    return chosen.ok ? c.body(chosen.value, true) : c.body(undefined, false);
  }
  return c.body === undefined ? { index: chosen.index } : c.body();
}

function check(cases: readonly Case[], options: SelectOptions<unknown> | undefined): void {
  if (!Array.isArray(cases)) throw new TypeError("select: cases must be an array of recv(...) and send(...) cases");
  for (let i = 0; i < cases.length; i++) {
    const c: unknown = cases[i];
    if (!(c instanceof RecvCase || c instanceof SendCase)) {
      throw new TypeError(`select: case ${i} is not a recv(...) or send(...) case`);
    }
  }
  const d = options?.default;
  if (d !== undefined && typeof d !== "function") {
    throw new TypeError(`select: default must be a function, got ${typeof d}`);
  }
}
