/**
 * Directional channels, Go's `<-chan T` and `chan<- T` (C13).
 *
 * The types do what Go's compiler does: a `Channel<T>` is assignable to both,
 * and neither has the other direction's methods. The run-time views do the
 * rest for callers the types cannot reach (plain JavaScript, `any`): the
 * missing direction throws a `TypeError` with Go's compile-error text.
 */
import type { Channel } from "./channel.js";
import { BRAND, type OpOptions, type RecvResult } from "./result.js";
import { VIEWED } from "./handle.js";

/**
 * A channel that can only receive: Go's `<-chan T`. `Channel<T>` is assignable
 * to it; `ch.recvOnly()` gives a view that refuses to send at run time too.
 *
 * @example
 * ```ts
 * async function worker(id: number, jobs: RecvChannel<number>) {
 *   for await (const j of jobs) console.log(`worker ${id} got ${j}`);
 * }
 * ```
 */
export interface RecvChannel<T> extends AsyncIterable<T> {
  /** See {@link Channel.recv}. */
  recv(options?: OpOptions): Promise<RecvResult<T>>;
  /** See {@link Channel.receive}: Go's `<-ch` as an expression. */
  receive(options?: OpOptions): Promise<T | undefined>;
  /** See {@link Channel.tryRecv}. */
  tryRecv(): RecvResult<T> | undefined;
  /** See {@link Channel.len}. */
  readonly len: number;
  /** See {@link Channel.cap}. */
  readonly cap: number;
  /** `for await (const v of ch)`: Go's `for v := range ch`; leaving the loop early neither closes the channel nor loses a value. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}

/**
 * A channel that can only send (and close): Go's `chan<- T`. `Channel<T>` is
 * assignable to it; `ch.sendOnly()` gives a view that refuses to receive at
 * run time too.
 *
 * @example
 * ```ts
 * async function produce(out: SendChannel<number>) {
 *   for (let i = 0; i < 3; i++) await out.send(i);
 *   out.close();
 * }
 * ```
 */
export interface SendChannel<T> {
  /** See {@link Channel.send}. */
  send(value: T, options?: OpOptions): Promise<void>;
  /** See {@link Channel.trySend}. */
  trySend(value: T): boolean;
  /** See {@link Channel.close}. */
  close(): void;
  /** See {@link Channel.len}. */
  readonly len: number;
  /** See {@link Channel.cap}. */
  readonly cap: number;
}

/** Throws Go's compile error for using a channel against its direction. @internal */
export const refuse = (what: string): never => {
  throw new TypeError(`invalid operation: cannot ${what}`);
};

/** The run-time receive-only view. */
export class RecvOnly<T> implements RecvChannel<T> {
  /** @internal */
  readonly [BRAND] = "recv-only";
  /** The channel viewed: reachable by gochan's own modules only (a string key would undo the view). @internal */
  readonly [VIEWED]: Channel<T>;
  /** @internal */
  constructor(channel: Channel<T>) {
    this[VIEWED] = channel;
  }
  recv(options?: OpOptions): Promise<RecvResult<T>> {
    return this[VIEWED].recv(options);
  }
  receive(options?: OpOptions): Promise<T | undefined> {
    return this[VIEWED].receive(options);
  }
  tryRecv(): RecvResult<T> | undefined {
    return this[VIEWED].tryRecv();
  }
  get len(): number {
    return this[VIEWED].len;
  }
  get cap(): number {
    return this[VIEWED].cap;
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this[VIEWED][Symbol.asyncIterator]();
  }
  send(): never {
    return refuse("send to receive-only channel");
  }
  trySend(): never {
    return refuse("send to receive-only channel");
  }
  close(): never {
    return refuse("close receive-only channel");
  }
}

/** The run-time send-only view. */
export class SendOnly<T> implements SendChannel<T> {
  /** @internal */
  readonly [BRAND] = "send-only";
  /** The channel viewed: reachable by gochan's own modules only (a string key would undo the view). @internal */
  readonly [VIEWED]: Channel<T>;
  /** @internal */
  constructor(channel: Channel<T>) {
    this[VIEWED] = channel;
  }
  send(value: T, options?: OpOptions): Promise<void> {
    return this[VIEWED].send(value, options);
  }
  trySend(value: T): boolean {
    return this[VIEWED].trySend(value);
  }
  close(): void {
    this[VIEWED].close();
  }
  get len(): number {
    return this[VIEWED].len;
  }
  get cap(): number {
    return this[VIEWED].cap;
  }
  recv(): never {
    return refuse("receive from send-only channel");
  }
  receive(): never {
    return refuse("receive from send-only channel");
  }
  tryRecv(): never {
    return refuse("receive from send-only channel");
  }
  [Symbol.asyncIterator](): never {
    return refuse("range over send-only channel");
  }
}
