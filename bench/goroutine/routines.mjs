/**
 * The goroutines bench/goroutine.ts starts on threads with onThread(): plain
 * exported async functions written as a Go programmer would write them,
 * with nothing of gochan imported (the channels and the WaitGroup arrive as
 * arguments). Each returns what its run must be checked against, and the
 * thread it ran on, so the bench can prove it ran where it says.
 * Plain JavaScript, so a goroutine thread loads it without a TypeScript loader.
 */
import { threadId } from "node:worker_threads";
import { blur } from "../threads/work.mjs";

/** Stream, main to thread: `for v := range in`, FIFO checked (values are 0, 1, 2, ...). */
export async function drain(input) {
  let count = 0;
  let sum = 0;
  let bad = 0;
  for await (const v of input) {
    if (v !== count) bad++;
    count++;
    sum += v;
  }
  return { count, sum, bad, thread: threadId };
}

/** Stream, thread to main: sends 0..n-1, then closes. */
export async function produce(out, n) {
  for (let i = 0; i < n; i++) await out.send(i);
  out.close();
  return { thread: threadId };
}

/** Ping-pong's A: sends i, waits for i + 1, n times; then closes ping so B ends. */
export async function pinger(ping, pong, n) {
  let bad = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    await ping.send(i);
    const [v, ok] = await pong.recv();
    if (!ok || v !== i + 1) bad++;
    sum += v;
  }
  ping.close();
  return { sum, bad, thread: threadId };
}

/** Ping-pong's B: answers every value with the value plus one, until ping closes. */
export async function ponger(ping, pong) {
  for await (const v of ping) await pong.send(v + 1);
  return { thread: threadId };
}

/** Seed 000's worker, unchanged but for the job: tiny (`j * 2`). */
export async function worker(id, jobs, results, wg) {
  try {
    for await (const j of jobs) await results.send(j * 2);
  } finally {
    wg.done();
  }
  return { thread: threadId, id };
}

/** Seed 000's worker with a CPU-bound job: bench/threads/work.mjs's blur (about 4 ms). */
export async function blurWorker(id, jobs, results, wg) {
  try {
    for await (const j of jobs) await results.send(blur(j));
  } finally {
    wg.done();
  }
  return { thread: threadId, id };
}
