// main sends on a full buffered channel nobody receives from.
import { Channel, run } from "gochan";

run(async () => {
  const out = new Channel<number>(1, { name: "out" });
  await out.send(1);
  await out.send(2);
});
