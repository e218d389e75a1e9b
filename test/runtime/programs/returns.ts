// main returns while goroutines are still blocked and one still sleeps: Go's normal case, no report.
import { Channel, Ticker, run, sleep } from "gochan";

run(async () => {
  const never = new Channel<number>(0, { name: "never" });
  void never.recv();
  void never.send(1).catch(() => {});
  void (async () => {
    await sleep(60_000);
    console.log("slept"); // never printed: the program ended with main
  })();
  const t = new Ticker(1000); // would keep Node alive forever
  void t;
  console.log("main done");
});
