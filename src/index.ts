/**
 * gochan: Go's channels, select, time, sync, rate and context for TypeScript.
 *
 * @module
 */
export * from "./channel/index.js";
export * from "./select/index.js";
export * from "./time/index.js";
export * from "./sync/index.js";
export * from "./rate/index.js";
export * from "./context/index.js";
export * from "./waitgroup/index.js";
export * from "./semaphore/index.js";
export * from "./errgroup/index.js";
export * from "./pool/index.js";
export * from "./threads/index.js";
export * from "./goroutine/index.js";
export * from "./runtime/index.js";
// Go has two AfterFuncs, time.AfterFunc and context.AfterFunc; here the
// bare name stays time's, and context's is named for its package.
export { afterFunc } from "./time/index.js";
export { afterFunc as contextAfterFunc } from "./context/index.js";
