/**
 * The deadlock report: Go's `checkdead` message and goroutine dump, built
 * from what `blocked()` lists.
 *
 * Go prints one `goroutine N [reason]:` header per goroutine and its stack.
 * gochan knows operations, not goroutines, so it prints one entry per
 * blocked operation, numbered as Go numbers goroutines: main's first (1)
 * when it can be told apart (its call site runs through `run`), then the
 * rest in the order they parked.
 */
import type { BlockedOperation, ChannelInfo } from "./blocked.js";

/** Go's line, word for word: what a Go programmer greps a CI log for. */
export const DEADLOCK = "fatal error: all goroutines are asleep - deadlock!";

const NO_SITES = "(call sites are not recorded: set GOCHAN_DEBUG=1, or run(main, { callSites: true }), to see where each operation was called)";

/** The text printed on a deadlock: Go's line, then one entry per blocked operation. */
export function deadlockReport(ops: readonly BlockedOperation[]): string {
  const main = ops.findIndex(isMain);
  const ordered = main < 0 ? [...ops] : [ops[main]!, ...ops.filter((_, i) => i !== main)];
  const lines = [DEADLOCK, ""];
  ordered.forEach((op, i) => {
    lines.push(`goroutine ${i + 1} [${op.reason}${op.thread ? `, thread ${op.thread}` : ""}]:`);
    for (const ch of op.channels) lines.push(`\t${describe(ch, op.channels.length > 1)}`);
    if (op.detail !== "") lines.push(`\ton ${op.detail}`);
    if (op.stack !== "") lines.push(op.stack);
    lines.push("");
  });
  if (ordered.length === 0) lines.push("(no gochan operation is blocked: main waits on something gochan does not know)", "");
  if (ordered.some((op) => op.rawStack === "")) lines.push(NO_SITES, "");
  return lines.join("\n");
}

/** `chan jobs (cap 5, len 0)`; a select's case says its direction. */
export function describe(ch: ChannelInfo, withDir: boolean): string {
  const what = ch.name === undefined ? "an unnamed chan" : `chan ${ch.name}`;
  const dir = withDir ? (ch.dir === "recv" ? "case receive from " : "case send to ") : "on ";
  return `${dir}${what} (cap ${ch.cap}, len ${ch.len})`;
}

/** run() awaits main from a function of this name, so main's operations carry it in their stack. */
export const MAIN_FRAME = "runtimeMain";

function isMain(op: BlockedOperation): boolean {
  return op.rawStack.includes(MAIN_FRAME);
}
