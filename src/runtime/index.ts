/**
 * `gochan/runtime`: what a Go programmer finds in Go's `runtime` package
 * and `runtime/trace`, for a whole program rather than one channel.
 *
 * Named after Go's package because that is where a Go programmer looks:
 * Go's deadlock detector (`checkdead`, "all goroutines are asleep") lives
 * in the runtime, and so does the tracer that `go tool trace` draws. So:
 * {@link run} runs a program's main as Go does (the deadlock report, exit
 * codes, no waiting for leftover goroutines); {@link startTrace} records a
 * run and draws it as a mermaid graph and an HTML timeline; {@link go}
 * names a goroutine for that timeline. See docs/diagnostics.md.
 *
 * @module
 */
export { run, DeadlockError, type RunOptions } from "./run.js";
export { blocked, traceBlocked, type BlockedOperation, type ChannelInfo } from "./blocked.js";
export type { WaitReason } from "../kernel/trace.js";
export { go, startTrace, Trace, TracingAlreadyEnabledError, type TraceData, type TraceOptions, type Tracer } from "./trace.js";
