/**
 * `gochan/channel`: Go's channels. See docs/channel.md for each Go form beside its gochan form.
 *
 * @module
 */
export { Channel, type ChannelOptions } from "./channel.js";
export { ChannelError, CloseOfClosedChannelError, SendOnClosedChannelError } from "./errors.js";
export type { OpOptions, RecvResult } from "./result.js";
export type { RecvChannel, SendChannel } from "./views.js";
