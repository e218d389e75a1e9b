// Records a trace in Node with startTrace(), as a teacher would, and writes
// its data as JSON (the file the playground opens): seed 000's pool.
import { writeFileSync } from "node:fs";
import { Channel, WaitGroup, go, startTrace } from "../../src/index.js";

const t = startTrace();
const jobs = new Channel<number>(5, { name: "jobs" });
const results = new Channel<number>(5, { name: "results" });
const wg = new WaitGroup();
for (let w = 0; w < 3; w++) {
  wg.add(1);
  void go(async () => {
    try {
      for await (const j of jobs) await results.send(j * 2);
    } finally {
      wg.done();
    }
  }, `worker ${w}`);
}
for (let j = 0; j < 5; j++) await jobs.send(j);
jobs.close();
await wg.wait();
results.close();
for await (const _ of results);
const trace = t.stop();
writeFileSync(process.argv[2]!, JSON.stringify(trace.data));
