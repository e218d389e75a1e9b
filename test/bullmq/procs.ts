/**
 * What the gochan/bullmq tests share: worker processes started from
 * fixtures/worker.ts (each prints "ready" once serving and "ran <n>" per
 * handler it starts), and a reader that collects a producer's results.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Producer, RemoteResult } from "gochan/bullmq";

const root = fileURLToPath(new URL("../../", import.meta.url));

export type Job = { n: number; ms?: number; fail?: number };

export interface Proc {
  readonly child: ChildProcess;
  /** The jobs (their `n`) whose handler this process started, in order. */
  readonly ran: number[];
  /** The exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  readonly ready: Promise<void>;
  /** What the process wrote to stderr. */
  readonly stderr: () => string;
}

/** A worker process serving `queue` on the Redis at 127.0.0.1:`port`; `env` picks its handler and options (see fixtures/worker.ts). */
export function worker(port: number, queue: string, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", "test/bullmq/fixtures/worker.ts"], {
    cwd: root,
    env: { ...process.env, QUEUE: queue, PORT: String(port), LOG_RUNS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ran: number[] = [];
  let readyNow!: () => void;
  const ready = new Promise<void>((r) => (readyNow = r));
  let rest = "";
  child.stdout!.on("data", (d: Buffer) => {
    const lines = (rest + d.toString()).split("\n");
    rest = lines.pop()!;
    for (const l of lines) {
      if (l === "ready") readyNow();
      else if (l.startsWith("ran ")) ran.push(Number(l.slice(4)));
    }
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    process.stderr.write(d);
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, ran, exited, ready, stderr: () => err };
}

/** Every result of `p`, in order; `each` sees each one and the count so far, and may hold the reading up by returning a promise. */
export async function collect<J, R>(p: Producer<J, R>, each?: (r: RemoteResult<J, R>, k: number) => unknown): Promise<RemoteResult<J, R>[]> {
  const all: RemoteResult<J, R>[] = [];
  for await (const r of p.results) {
    all.push(r);
    await each?.(r, all.length);
  }
  return all;
}

/** Settles as `p` does, or rejects after `ms` saying what did not happen. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(t));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
