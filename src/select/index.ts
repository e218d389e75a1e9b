/**
 * `gochan/select`: Go's select statement, and the time and context channels
 * that Go programs select on. See docs/select.md for each Go form beside its
 * gochan form.
 *
 * @module
 */
export { recv, send, RecvCase, SendCase, type Case, type NoBody, type RecvBody } from "./cases.js";
export { select, type CaseResult, type Received, type SelectOptions, type SelectResult, type Sent } from "./select.js";
export { after } from "./after.js";
export { Ticker } from "./ticker.js";
export { sleep } from "./sleep.js";
export { done } from "./done.js";
