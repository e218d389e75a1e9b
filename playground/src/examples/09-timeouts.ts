// Timeouts: select with time.After
import { Channel, after, go, recv, run, select, sleep } from "gochan";

run(async () => {
  const c1 = new Channel<string>(1, { name: "c1" });
  void go(async () => {
    await sleep(2000);
    await c1.send("result 1");
  }, "slow work 1");
  await select([
    recv(c1, (res) => console.log(res)),
    recv(after(1000), () => console.log("timeout 1")),
  ]);

  const c2 = new Channel<string>(1, { name: "c2" });
  void go(async () => {
    await sleep(2000);
    await c2.send("result 2");
  }, "slow work 2");
  await select([
    recv(c2, (res) => console.log(res)),
    recv(after(3000), () => console.log("timeout 2")),
  ]);
});
