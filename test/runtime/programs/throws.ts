// main throws: printed as Node prints an uncaught error, status 1.
import { Channel, run } from "gochan";

run(async () => {
  const ch = new Channel<number>(0, { name: "ch" });
  void ch.recv();
  throw new Error("boom");
});
