// A worker process of the broker bench: `node worker.mjs MODE QUEUE PORT CONCURRENCY`.
// MODE "gochan" serves the queue with gochan/bullmq's serve (from the built
// dist/, as users get it); MODE "direct" runs a plain BullMQ Worker that
// returns the value. Prints "ready" once taking jobs; exits when told (stdin
// closes) or, for gochan, when the producer closes the queue.
const [mode, queue, port, concurrency] = process.argv.slice(2);
const connection = { host: "127.0.0.1", port: Number(port) };
const dist = process.env.GOCHAN_DIST ?? new URL("../../dist/", import.meta.url).href;
const double = (j) => j * 2;
process.stdin.resume();
// When the bench goes (stdin closes), leave within 2 s even if Redis went first.
process.stdin.on("end", () => setTimeout(() => process.exit(0), 2000).unref());
if (mode === "gochan") {
  const { serve } = await import(`${dist}bullmq/index.js`);
  const server = serve(queue, double, { connection, workers: Number(concurrency) });
  process.stdin.on("end", () => void server.close());
  await server.ready;
  process.stdout.write("ready\n");
  await server.done;
  process.exit(0);
} else {
  const { Worker } = await import("bullmq");
  const w = new Worker(queue, async (job) => double(job.data.j), { connection, concurrency: Number(concurrency) });
  w.on("error", () => {});
  process.stdin.on("end", async () => {
    await w.close();
    process.exit(0);
  });
  await w.waitUntilReady();
  process.stdout.write("ready\n");
}
