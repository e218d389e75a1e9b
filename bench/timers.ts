/**
 * T1 over thousands of waits: `tsx bench/timers.ts [--smoke]` (after
 * `npm run build`; `npm run bench:smoke` runs it too).
 *
 * Each kind of gochan wait (after, Timer, sleep, afterFunc, Ticker ticks,
 * withTimeout, a Pool job's timeout) is started many times, in batches that
 * wait side by side, with durations from 1 to 10 ms in steps of 0.5 ms. Each
 * wait's duration is measured with performance.now() from just before the
 * call to when the program sees it end. T1 says none may be early; the
 * counts of early ones, and the lateness (median, 99th percentile, max),
 * are printed per kind. Exits non-zero if any wait was early: that is a
 * broken rule, not a slow machine. Lateness is only reported (it depends
 * on the machine's load).
 *
 * It measures the shipped code: dist/, or the folder in GOCHAN_DIST.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.GOCHAN_DIST ?? pathToFileURL(join(here, "..", "dist")).href + "/";
const smoke = process.argv.includes("--smoke");
const WAITS = smoke ? 600 : 4000;
const BATCH = 100;

type Gochan = typeof import("gochan");
const g = (await import(`${dist}index.js`)) as Gochan;

/** A wait of `ms`: resolves when the program sees it end. */
type Start = (ms: number) => Promise<unknown>;

const kinds: Record<string, Start> = {
  after: (ms) => g.after(ms).recv(),
  Timer: (ms) => new g.Timer(ms).C.recv(),
  sleep: (ms) => g.sleep(ms),
  "sleep with a signal": (ms) => g.sleep(ms, { signal: new AbortController().signal }),
  afterFunc: (ms) => new Promise<void>((resolve) => g.afterFunc(ms, resolve)),
  withTimeout: async (ms) => {
    const [ctx, cancel] = g.withTimeout(g.background(), ms);
    await ctx.done().recv();
    cancel();
  },
};

interface Row {
  kind: string;
  waits: number;
  early: number;
  worstEarly: number;
  p50: number;
  p99: number;
  max: number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function row(kind: string, lateness: number[]): Row {
  const sorted = [...lateness].sort((a, b) => a - b);
  const early = sorted.filter((l) => l < 0);
  return { kind, waits: sorted.length, early: early.length, worstEarly: early.length > 0 ? -sorted[0]! : 0, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/** How late each of `n` waits of `start` was (negative: early), `BATCH` at a time. */
async function measure(start: Start, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, n - i) }, async (_, j) => {
        const ms = 1 + ((i + j) % 19) / 2;
        const t0 = performance.now();
        await start(ms);
        out.push(performance.now() - t0 - ms);
      }),
    );
  }
  return out;
}

/** A Ticker's k-th tick against k periods from its start. */
async function ticks(n: number): Promise<number[]> {
  const out: number[] = [];
  const per = 50;
  for (let i = 0; out.length < n; i++) {
    const period = 1 + (i % 19) / 2;
    const t0 = performance.now();
    const ticker = new g.Ticker(period);
    for (let k = 1; k <= per; k++) {
      await ticker.C.recv();
      out.push(performance.now() - t0 - k * period);
    }
    ticker.stop();
  }
  return out;
}

/** A Pool's jobs that overran `timeout`: their reported duration against it. */
async function poolTimeouts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; out.length < n; i++) {
    const timeout = 1 + (i % 19) / 2;
    const pool = new g.Pool(async (_: number, { signal }) => void (await g.sleep(1000, { signal }).catch(() => undefined)), { workers: BATCH, timeout });
    void (async () => {
      for (let j = 0; j < BATCH; j++) await pool.submit(j);
      pool.close();
    })();
    for await (const r of pool.results) {
      if (r.status !== "timeout") throw new Error(`a job that sleeps 1 s under timeout ${timeout} was ${r.status}`);
      out.push(r.duration - timeout);
    }
    await pool.settled();
  }
  return out;
}

const rows: Row[] = [];
for (const [kind, start] of Object.entries(kinds)) rows.push(row(kind, await measure(start, WAITS)));
rows.push(row("Ticker ticks", await ticks(WAITS)));
rows.push(row("Pool timeout", await poolTimeouts(WAITS)));

const f = (x: number) => x.toFixed(2).padStart(7);
console.log(`T1 over ${WAITS} waits of 1-10 ms per kind, ${BATCH} at a time (lateness in ms, by performance.now())`);
console.log(`${"kind".padEnd(20)} ${"waits".padStart(6)} ${"early".padStart(6)} ${"worst".padStart(7)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)}`);
for (const r of rows) console.log(`${r.kind.padEnd(20)} ${String(r.waits).padStart(6)} ${String(r.early).padStart(6)} ${f(r.worstEarly)} ${f(r.p50)} ${f(r.p99)} ${f(r.max)}`);
const early = rows.reduce((s, r) => s + r.early, 0);
console.log(early === 0 ? "T1 held: no wait ended early" : `T1 BROKEN: ${early} waits ended early`);
process.exitCode = early === 0 ? 0 : 1;
