// main selects on two channels that never become ready.
import { Channel, recv, run, select, send } from "gochan";

run(async () => {
  const quit = new Channel<void>(0, { name: "quit" });
  const out = new Channel<number>(0, { name: "out" });
  await select([recv(quit), send(out, 1)]);
});
