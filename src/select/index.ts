/**
 * `gochan/select`: Go's select statement, and the time and context channels
 * that Go programs select on. See docs/select.md for each Go form beside its
 * gochan form.
 *
 * @module
 */
export { recv, send, RecvCase, SendCase, type Case, type NoBody, type RecvBody } from "./cases.js";
export { select, type CaseResult, type Received, type SelectOptions, type SelectResult, type Sent } from "./select.js";
// They live in gochan/time now (Go's time package); re-exported so that
// imports from gochan/select written before the move keep working.
export { after, done, sleep, Ticker, Timer, afterFunc, AfterFuncTimer } from "../time/index.js";
