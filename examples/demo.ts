// The demo until the worker pool lands: Go's producer/consumer, line for line.
//
//   func main() {
//       jobs := make(chan int, 3)
//       done := make(chan bool)
//       go func() {
//           for j := range jobs { fmt.Println("received job", j) }
//           fmt.Println("received all jobs")
//           done <- true
//       }()
//       for j := 1; j <= 5; j++ { jobs <- j; fmt.Println("sent job", j) }
//       close(jobs)
//       fmt.Println("sent all jobs")
//       <-done
//   }
import { Channel } from "gochan";

async function main() {
  const jobs = new Channel<number>(3);
  const done = new Channel<boolean>();

  void (async () => {
    for await (const j of jobs) console.log("received job", j);
    console.log("received all jobs");
    await done.send(true);
  })();

  for (let j = 1; j <= 5; j++) {
    await jobs.send(j);
    console.log("sent job", j);
  }
  jobs.close();
  console.log("sent all jobs");
  await done.recv();
}

await main();
