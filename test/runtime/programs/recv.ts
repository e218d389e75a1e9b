// main receives from a channel nobody sends on.
import { Channel, run } from "gochan";

run(async () => {
  const replies = new Channel<string>(0, { name: "replies" });
  await replies.recv();
});
