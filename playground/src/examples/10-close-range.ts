// Closing a channel, and range over it
import { Channel, go, run, type SendChannel } from "gochan";

async function produce(jobs: SendChannel<number>) {
  for (let j = 1; j <= 3; j++) {
    await jobs.send(j);
  }
  jobs.close(); // no more values: ends the receiver's range
}

run(async () => {
  const jobs = new Channel<number>(0, { name: "jobs" });
  void go(() => produce(jobs), "producer");
  for await (const j of jobs) {
    console.log("received job", j);
  }
  console.log("received all jobs");
  const [v, ok] = await jobs.recv(); // a closed, empty channel gives the zero value and false
  console.log(v ?? 0, ok);
});
