/**
 * gochan/goroutine: goroutines on every core, sharing channels with the
 * main thread and each other (G1-G5 in docs/semantics.md; docs/threads.md,
 * "Goroutines on threads").
 */
export { onThread } from "./onthread.js";
export { maxProcs } from "./procs.js";
export { RemoteTryError, UncloneableError } from "./errors.js";
