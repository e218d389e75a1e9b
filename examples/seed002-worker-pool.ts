// Seed 002, "Worker Pool" (Concurrency Patterns): the example, line for line.
//
//   func worker(id int, jobs <-chan int, results chan<- int) {
//       for j := range jobs {
//           fmt.Println("worker", id, "started  job", j)
//           time.Sleep(time.Second)
//           fmt.Println("worker", id, "finished job", j)
//           results <- j * 2
//       }
//   }
//
//   func main() {
//       const numJobs = 5
//       const numWorkers = 3
//
//       jobs := make(chan int, numJobs)
//       results := make(chan int, numJobs)
//
//       for w := 1; w <= numWorkers; w++ {
//           go worker(w, jobs, results)
//       }
//
//       for j := 1; j <= numJobs; j++ {
//           jobs <- j
//       }
//       close(jobs)
//
//       for a := 1; a <= numJobs; a++ {
//           <-results
//       }
//   }
import { Channel, sleep, type RecvChannel, type SendChannel } from "gochan";
import { ms } from "./scale.js";

async function worker(id: number, jobs: RecvChannel<number>, results: SendChannel<number>) {
  for await (const j of jobs) {
    console.log("worker", id, "started  job", j);
    await sleep(ms(1000));
    console.log("worker", id, "finished job", j);
    await results.send(j * 2);
  }
}

async function main() {
  const numJobs = 5;
  const numWorkers = 3;

  const jobs = new Channel<number>(numJobs);
  const results = new Channel<number>(numJobs);

  for (let w = 1; w <= numWorkers; w++) {
    void worker(w, jobs, results);
  }

  for (let j = 1; j <= numJobs; j++) {
    await jobs.send(j);
  }
  jobs.close();

  for (let a = 1; a <= numJobs; a++) {
    await results.recv();
  }
}

await main();
