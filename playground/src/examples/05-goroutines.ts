// Goroutines: go f() runs beside main
import { go, run, sleep } from "gochan";

async function say(who: string, every: number) {
  for (let i = 1; i <= 3; i++) {
    await sleep(every);
    console.log(who, i);
  }
}

run(async () => {
  void go(() => say("world", 100), "say world"); // runs beside main
  await say("hello", 130);
  console.log("main returns");
});
