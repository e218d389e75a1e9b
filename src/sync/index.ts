/**
 * `gochan/sync`: Go's `sync` package: `Mutex`, `RWMutex`, `Cond`, `Once`,
 * `onceFunc`, `onceValue`, `onceValues`, and `WaitGroup` (which also stays
 * at `gochan/waitgroup`). See docs/sync.md for each Go form beside its
 * gochan form.
 *
 * Its own folder because a Go programmer looks for these in `sync`. Every
 * wait parks through the kernel's wait list (src/kernel/waitlist.ts), as
 * Go's sync parks through runtime/sema.go; nothing here imports select,
 * time or context.
 *
 * @module
 */
export { Mutex } from "./mutex.js";
export { RWMutex } from "./rwmutex.js";
export { Cond } from "./cond.js";
export { Locked } from "./locked.js";
export type { Locker } from "./locker.js";
export { Once, onceFunc, onceValue, onceValues } from "./once.js";
export { OnceCalledItselfError, RUnlockOfUnlockedRWMutexError, UnlockOfUnlockedMutexError, UnlockOfUnlockedRWMutexError } from "./errors.js";
export { NegativeWaitGroupCounterError, WaitGroup } from "../waitgroup/index.js";
