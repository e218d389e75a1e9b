/**
 * What the other folders of gochan (select, timers) may use of the channel's
 * insides, and nothing in `src/index.ts` re-exports: the waiter interface, the
 * internal answers of `recvNow`, the event-loop policy, and a way to reach the
 * channel behind a directional view.
 */
import { Channel } from "./channel.js";
import { RecvOnly, SendOnly, refuse } from "./views.js";

export { Channel } from "./channel.js";
export { Waiter } from "./waiter.js";
export { CLOSED, DRAINED, EMPTY } from "./result.js";
export { afterYield, spend } from "./pace.js";

/**
 * The channel behind `x` (a Channel or one of its views) for use in direction
 * `use`; null if `x` is neither. A view used against its direction throws as
 * the view's own methods do (C13).
 */
export function channelOf<T>(x: unknown, use: "recv" | "send"): Channel<T> | null {
  if (x instanceof Channel) return x as Channel<T>;
  if (x instanceof RecvOnly) return use === "recv" ? (x.channel as Channel<T>) : refuse("send to receive-only channel");
  if (x instanceof SendOnly) return use === "send" ? (x.channel as Channel<T>) : refuse("receive from send-only channel");
  return null;
}
