// The fault matrix of gochan/bullmq: a worker process SIGKILLed, Redis
// restarted with its data gone, and both, at each phase of a run (jobs still
// being sent; all sent and closed; the last results draining). Each cell
// runs on a redis-server of its own, with two worker processes.
//
// What every cell asserts is what the design promises, and nothing about
// where the fault landed: every job reported exactly once (done, with the
// right value), `wait()` settled, and the surviving worker processes left
// with 0 once the run was over. A kill may land on a process holding a job
// or on an idle one; a restart may or may not catch results in Redis. The
// faults are placed by counts (jobs sent, results read), never by timers,
// and the producer's `results` is unbuffered so the reader holds it up: a
// fault placed "before the last result" is before the producer finishes.
import { afterEach, describe, expect, it } from "vitest";
import { Producer } from "gochan/bullmq";
import { HAVE_REDIS, NO_REDIS, RedisServer } from "../support/redis.js";
import { collect, sleep, within, worker, type Job, type Proc } from "./procs.js";

if (!HAVE_REDIS) console.warn(NO_REDIS);
const suite = HAVE_REDIS ? describe : describe.skip;

type Fault = "worker SIGKILL" | "Redis restart" | "both";
type Phase = "sending" | "closed" | "draining";

const N = 200;
// Short lock and stalled check, so a killed process's jobs come back in about 2 s; the lock is renewed every second,
// far more often than a loaded 2-core machine ever starves an event loop.
const ENV = { WORKERS: "4", STALLED: "500", LOCK: "2000" };

suite("gochan/bullmq fault matrix: every job reported exactly once, wait() settles", () => {
  const procs: Proc[] = [];
  const servers: RedisServer[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    for (const r of servers.splice(0)) await r.stop();
  });

  const faults: Fault[] = ["worker SIGKILL", "Redis restart", "both"];
  const phases: Phase[] = ["sending", "closed", "draining"];
  for (const fault of faults) {
    for (const phase of phases) {
      it(`${fault} while ${phase === "sending" ? "jobs are still being sent" : phase === "closed" ? "all are sent and closed" : "the last results drain"}`, async () => {
        const redis = await RedisServer.start();
        servers.push(redis);
        const queue = `faults-${fault.replace(/\W/g, "")}-${phase}`;
        const ws = [worker(redis.port, queue, ENV), worker(redis.port, queue, ENV)];
        procs.push(...ws);
        await Promise.all(ws.map((w) => w.ready));
        const victim = ws[0]!;
        const survivors = fault === "Redis restart" ? ws : ws.slice(1);

        let struck = false;
        const strike = async () => {
          expect(struck).toBe(false);
          struck = true;
          if (fault !== "Redis restart") {
            victim.child.kill("SIGKILL");
            await victim.exited;
          }
          if (fault !== "worker SIGKILL") {
            await redis.down();
            await sleep(200);
            await redis.up();
          }
        };

        // Unbuffered results: the producer cannot finish while the reader is held up inside a strike.
        const producer = new Producer<Job, number>(queue, { connection: redis.connection, buffer: phase === "closed" ? N : 20, results: 0 });
        let sent = 0;
        const sending = (async () => {
          for (let n = 1; n <= N; n++) {
            await producer.jobs.send({ n, ms: 5 });
            sent = n;
            if (phase === "sending" && n === N / 2) await strike(); // half the jobs are still to be sent
          }
          producer.jobs.close();
        })();
        const results = await within(
          collect(producer, (_, k) => {
            if (phase === "closed" && k === N / 4) {
              expect(sent).toBe(N); // every send completed at once (buffer N) and close followed
              return strike();
            }
            if (phase === "draining" && k === N - 3) return strike();
          }),
          25_000,
          `${fault} while ${phase}: all ${N} results`,
        );
        await sending;
        await within(producer.wait(), 10_000, "wait()");
        const codes = await within(Promise.all(survivors.map((w) => w.exited)), 15_000, "the surviving workers' exit"); // they reconnect with BullMQ's backoff (1 s and up)

        expect(struck).toBe(true);
        expect(results).toHaveLength(N);
        expect(new Set(results.map((r) => r.job.n)).size).toBe(N);
        for (const r of results) expect(r).toMatchObject({ status: "done", value: r.job.n * 2 });
        const s = producer.stats();
        expect(s).toMatchObject({ submitted: N, completed: N, unreported: 0 });
        expect(codes.every((c) => c === 0)).toBe(true);
        const runs = ws.reduce((t, w) => t + w.ran.length, 0);
        console.log(`fault matrix: ${fault} while ${phase}: ${N} jobs, ${results.length} results, ${runs} handler runs, ${s.duplicates} duplicates dropped, ${s.resent} resent`);
      }, 60_000);
    }
  }
});
