// Go prints a time.Duration with %v as "312.5µs", "1.234567ms" or "1.5s";
// the seeds print TimeSpent that way, so the ports do too.
export function formatDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  return `${trim(ns / 1e9)}s`;
}

const trim = (x: number): string => x.toFixed(9).replace(/\.?0+$/, "");
