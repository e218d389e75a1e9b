// Select: wait on several channels at once
import { Channel, go, recv, run, select, sleep } from "gochan";

run(async () => {
  const fast = new Channel<string>(0, { name: "fast" });
  const slow = new Channel<string>(0, { name: "slow" });
  void go(async () => {
    await sleep(1000);
    await fast.send("one");
  }, "fast sender");
  void go(async () => {
    await sleep(2000);
    await slow.send("two");
  }, "slow sender");

  for (let i = 0; i < 2; i++) {
    await select([ // waits on both; takes whichever is ready first
      recv(fast, (m) => console.log("received", m, "from fast")),
      recv(slow, (m) => console.log("received", m, "from slow")),
    ]);
  }
});
