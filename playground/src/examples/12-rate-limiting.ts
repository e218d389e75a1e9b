// Rate limiting: one request per tick
import { Channel, Ticker, run } from "gochan";

run(async () => {
  const requests = new Channel<number>(5, { name: "requests" });
  for (let i = 1; i <= 5; i++) {
    await requests.send(i);
  }
  requests.close();

  const limiter = new Ticker(200); // one request per tick
  let prev: Date | undefined;
  try {
    for await (const req of requests) {
      const [t] = await limiter.C.recv();
      if (prev === undefined) console.log("request", req);
      else console.log("request", req, "after", t!.getTime() - prev.getTime(), "ms");
      prev = t;
    }
  } finally {
    limiter.stop(); // defer limiter.Stop()
  }
});
