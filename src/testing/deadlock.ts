/**
 * What a failing bubble says, and the record of what it has said.
 *
 * A bubble that fails names the operations parked in it, with Go's
 * messages. Those operations can never be woken once their bubble is gone,
 * so a leak check (leaks.ts) running after the test would find them again:
 * the set of operations already reported lives here, shared by both, so
 * each one is reported once.
 */
import { blocked, type BlockedOperation } from "../runtime/blocked.js";
import { deadlockReport } from "../runtime/report.js";
import type { Bubble } from "./bubble.js";
import type { RunningTicker } from "./errors.js";

/** Go's message for a bubble whose goroutines are all blocked. */
export const BUBBLE_DEADLOCK = "deadlock: all goroutines in bubble are blocked";
/** Go's message for a bubble whose main returned with goroutines still blocked. */
export const BUBBLE_LEFTOVER = "deadlock: main bubble goroutine has exited but blocked goroutines remain";

/** Operations parked since the bubble began (with AsyncLocalStorage each test runs its bubble alone in its file). */
export function mine(b: Bubble): BlockedOperation[] {
  return blocked().filter((op) => op.since >= b.start);
}

/**
 * Operations a bubble has reported already: a leak check does not report
 * them again (they cannot be woken once their bubble is gone).
 */
export const reported = new Set<string>();

/** What tells one parked operation from another across calls of blocked(). */
export function keyOf(op: BlockedOperation): string {
  return `${op.since}|${op.reason}|${op.rawStack}`;
}

/**
 * A failing bubble's message: `head`, then each operation as Go prints a
 * durably blocked goroutine, then the tickers still running. Marks each
 * operation reported.
 */
export function report(head: string, ops: readonly BlockedOperation[], tickers: readonly RunningTicker[] = []): string {
  for (const op of ops) reported.add(keyOf(op));
  const text = deadlockReport(ops.map((op) => ({ ...op, reason: `${op.reason} (durable)` })));
  const running = tickers.map(
    (t) => `\n[Ticker every ${t.period} ms, ${t.receiving ? "its ticks received" : "a tick waiting unreceived"}; never stopped]:${t.stack === "" ? "" : `\n${t.stack}`}\n`,
  );
  return `${head}\n${text.slice(text.indexOf("\n") + 1)}${running.join("")}`;
}
