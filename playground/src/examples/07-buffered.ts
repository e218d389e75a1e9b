// Buffered channels: sends do not wait while there is room
import { Channel, run } from "gochan";

run(async () => {
  const queue = new Channel<number>(3, { name: "queue" }); // room for 3 values
  for (let i = 1; i <= 3; i++) {
    await queue.send(i);
    console.log("sent", i, "len", queue.len, "cap", queue.cap);
  }
  queue.close();
  for await (const v of queue) { // a closed channel still gives what it holds
    console.log("received", v);
  }
});
