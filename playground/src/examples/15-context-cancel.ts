// Context: cancel work when a deadline passes
import { Channel, after, background, go, recv, run, select, send, withTimeout } from "gochan";

run(async () => {
  const [ctx, cancel] = withTimeout(background(), 1000);
  try {
    const results = new Channel<number>(0, { name: "results" });
    void go(async () => {
      try {
        for (let i = 1; ; i++) {
          const stop = await select([
            recv(ctx.done(), () => true), // cancelled: stop working
            recv(after(300), () => false), // one unit of work
          ]);
          if (stop) return;
          const cancelled = await select([
            send(results, i, () => false),
            recv(ctx.done(), () => true),
          ]);
          if (cancelled) return;
        }
      } finally {
        results.close(); // defer close(results)
      }
    }, "worker");

    for await (const r of results) {
      console.log("got", r);
    }
    console.log("stopped:", ctx.err()?.message);
  } finally {
    cancel(); // defer cancel()
  }
});
