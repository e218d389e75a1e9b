// Fan-in with a quit channel and a timeout, from Go's concurrency patterns:
// two "boring" talkers, a fanIn goroutine that selects over both, and a main
// loop that selects over the merged channel and an overall timeout.
//
//   func boring(msg string, quit chan bool) <-chan string {
//       c := make(chan string)
//       go func() {
//           for i := 0; ; i++ {
//               select {
//               case c <- fmt.Sprintf("%s %d", msg, i):
//                   time.Sleep(time.Duration(rand.Intn(1e3)) * time.Millisecond)
//               case <-quit:
//                   return
//               }
//           }
//       }()
//       return c
//   }
//
//   func fanIn(input1, input2 <-chan string) <-chan string {
//       c := make(chan string)
//       go func() {
//           for {
//               select {
//               case s := <-input1: c <- s
//               case s := <-input2: c <- s
//               }
//           }
//       }()
//       return c
//   }
//
//   func main() {
//       quit := make(chan bool)
//       c := fanIn(boring("Joe", quit), boring("Ann", quit))
//       timeout := time.After(5 * time.Second)
//       for {
//           select {
//           case s := <-c:
//               fmt.Println(s)
//           case <-timeout:
//               fmt.Println("You talk too much.")
//               close(quit)
//               return
//           }
//       }
//   }
import { after, Channel, recv, select, send, sleep, type RecvChannel } from "gochan";
import { ms } from "./scale.js";

function boring(msg: string, quit: Channel<boolean>): RecvChannel<string> {
  const c = new Channel<string>();
  void (async () => {
    for (let i = 0; ; i++) {
      const quitting = await select([
        send(c, `${msg} ${i}`, () => false),
        recv(quit, () => true),
      ]);
      if (quitting) return;
      await sleep(ms(Math.random() * 1e3));
    }
  })();
  return c;
}

function fanIn(input1: RecvChannel<string>, input2: RecvChannel<string>): RecvChannel<string> {
  const c = new Channel<string>();
  void (async () => {
    for (;;) {
      const s = await select([recv(input1, (s) => s!), recv(input2, (s) => s!)]);
      await c.send(s);
    }
  })();
  return c;
}

async function main() {
  const quit = new Channel<boolean>();
  const c = fanIn(boring("Joe", quit), boring("Ann", quit));
  const timeout = after(ms(5000));
  for (;;) {
    const more = await select([
      recv(c, (s) => {
        console.log(s);
        return true;
      }),
      recv(timeout, () => {
        console.log("You talk too much.");
        quit.close();
        return false;
      }),
    ]);
    if (!more) return;
  }
}

await main();
