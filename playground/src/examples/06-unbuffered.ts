// Unbuffered channels: a send waits for its receiver
import { Channel, go, run } from "gochan";

run(async () => {
  const ping = new Channel<string>(0, { name: "ping" }); // unbuffered: a send waits for a receiver
  const pong = new Channel<string>(0, { name: "pong" });

  void go(async () => {
    for await (const msg of ping) {
      await pong.send(msg + " pong");
    }
    pong.close();
  }, "ponger");

  for (let i = 1; i <= 3; i++) {
    await ping.send(`ping ${i}`);
    const [reply] = await pong.recv();
    console.log(reply);
  }
  ping.close();
});
