// run(main) in the playground: the library's own run(), which settles
// instead of exiting a process; the harness waits for it. On virtual time
// the bubble finds a deadlock at once, so run()'s own browser watchdog is
// pushed out of the way; on real time it looks every second.
import { run as realRun, type RunOptions } from "/src/runtime/run.ts";
import { mains, virtual } from "/pg/recorder.ts";

export function run(main: () => unknown, options: RunOptions = {}): Promise<void> {
  // Call sites on, so that a deadlock report says where each goroutine is stuck (the page maps them to the program's lines).
  const p = realRun(main, { callSites: true, ...options, exit: false, idle: virtual() ? 3_600_000 : (options.idle ?? 1000) });
  mains.push(p);
  return p;
}
