// Run under Node, Deno and Bun by test/pool/runtimes.test.ts: the thread
// pool on each runtime's own threads (worker_threads on Node, Web Workers on
// Deno and Bun), with an error crossing back and a buffer moved.
import { Pool, transfer } from "gochan";

const pool = new Pool<{ n: number; buf?: Uint8Array }, number>(new URL("../handlers/web.ts", import.meta.url), { workers: 2 });
const buf = new Uint8Array(64).fill(1);
void (async () => {
  for (let n = 1; n <= 10; n++) await pool.submit({ n });
  await pool.submit(transfer({ n: 100, buf }, [buf.buffer]));
  await pool.submit({ n: -1 });
  pool.close();
})();
let sum = 0;
const lines: string[] = [];
for await (const r of pool.results) {
  if (r.status === "done") sum += r.value;
  else lines.push(`job ${r.job.n} ${r.status}: ${(r.error as Error).name} ${(r.error as Error).message} ${(r.error as { code?: string }).code} ${r.error instanceof Error}`);
}
await pool.settled();
console.log(`sum ${sum}`);
console.log(`moved ${buf.byteLength === 0}`);
console.log(`workers ${pool.stats().workers} completed ${pool.stats().completed}`);
for (const l of lines) console.log(l);
