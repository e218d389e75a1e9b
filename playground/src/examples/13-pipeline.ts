// Pipeline: stages joined by channels
import { Channel, go, run, type RecvChannel } from "gochan";

function gen(...nums: number[]): RecvChannel<number> {
  const out = new Channel<number>(0, { name: "gen out" });
  void go(async () => {
    for (const n of nums) {
      await out.send(n);
    }
    out.close();
  }, "gen");
  return out;
}

let stage = 0;
function sq(input: RecvChannel<number>): RecvChannel<number> {
  const name = `sq ${++stage}`;
  const out = new Channel<number>(0, { name: `${name} out` });
  void go(async () => {
    for await (const n of input) {
      await out.send(n * n);
    }
    out.close();
  }, name);
  return out;
}

run(async () => {
  // gen -> sq -> sq -> main: each stage a goroutine, joined by channels
  for await (const n of sq(sq(gen(1, 2, 3)))) {
    console.log(n);
  }
});
