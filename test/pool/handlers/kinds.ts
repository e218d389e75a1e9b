// A handler module for the thread pool tests: what each job does is in the job.
import { transfer } from "gochan/threads";

export interface Job {
  kind: "ok" | "throw" | "exit" | "spin-exit" | "spin" | "hang" | "fn" | "echo-buffer" | "wait-abort" | "oom";
  n: number;
  ms?: number;
  buf?: Uint8Array;
  counter?: Int32Array; // [running, peak] across threads
}

export default async function kinds(job: Job, { signal, worker }: { signal: AbortSignal; worker: number }): Promise<unknown> {
  const c = job.counter;
  if (c !== undefined) {
    const now = Atomics.add(c, 0, 1) + 1;
    for (let peak = Atomics.load(c, 1); now > peak; peak = Atomics.load(c, 1)) Atomics.compareExchange(c, 1, peak, now);
  }
  try {
    switch (job.kind) {
      case "ok":
        return job.n * 2;
      case "throw": {
        const e = new RangeError(`job ${job.n} failed`, { cause: new Error("the cause") }) as RangeError & { code?: string; n?: number };
        e.code = "E_JOB";
        e.n = job.n;
        throw e;
      }
      case "exit":
        if (c !== undefined) Atomics.sub(c, 0, 1); // the finally below never runs
        process.exit(3);
        break;
      case "spin-exit": {
        const end = Date.now() + (job.ms ?? 50);
        while (Date.now() < end); // deaf to messages meanwhile, then dies
        if (c !== undefined) Atomics.sub(c, 0, 1);
        process.exit(4);
        break;
      }
      case "spin": {
        const end = Date.now() + (job.ms ?? 50);
        while (Date.now() < end); // CPU-bound: ignores its signal
        return worker;
      }
      case "hang":
        return await new Promise(() => {});
      case "wait-abort":
        return await new Promise((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason));
        });
      case "fn":
        return () => job.n; // cannot be cloned back
      case "echo-buffer": {
        const got = job.buf!.byteLength;
        const out = new Uint8Array(got).fill(7);
        return transfer({ got, out }, [out.buffer]);
      }
      case "oom": {
        const hog: unknown[] = [];
        for (;;) hog.push(new Array(1e6).fill(job.n));
      }
    }
  } finally {
    if (c !== undefined) Atomics.sub(c, 0, 1);
  }
}
