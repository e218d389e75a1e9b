// Go's concurrent prime sieve, line for line: a chain of filter goroutines
// joined by unbuffered channels. Prints the first 10 primes (or as many as
// the first argument says).
//
//   // Send the sequence 2, 3, 4, ... to channel 'ch'.
//   func generate(ch chan<- int) {
//       for i := 2; ; i++ {
//           ch <- i // Send 'i' to channel 'ch'.
//       }
//   }
//
//   // Copy the values from channel 'in' to channel 'out',
//   // removing those divisible by 'prime'.
//   func filter(in <-chan int, out chan<- int, prime int) {
//       for {
//           i := <-in // Receive value from 'in'.
//           if i%prime != 0 {
//               out <- i // Send 'i' to 'out'.
//           }
//       }
//   }
//
//   // The prime sieve: Daisy-chain filter processes.
//   func main() {
//       ch := make(chan int) // Create a new channel.
//       go generate(ch)      // Launch generate goroutine.
//       for i := 0; i < 10; i++ {
//           prime := <-ch
//           fmt.Println(prime)
//           ch1 := make(chan int)
//           go filter(ch, ch1, prime)
//           ch = ch1
//       }
//   }
import { Channel, type RecvChannel, type SendChannel } from "gochan";

// Send the sequence 2, 3, 4, ... to channel 'ch'.
async function generate(ch: SendChannel<number>) {
  for (let i = 2; ; i++) {
    await ch.send(i); // Send 'i' to channel 'ch'.
  }
}

// Copy the values from channel 'input' to channel 'out',
// removing those divisible by 'prime'.
async function filter(input: RecvChannel<number>, out: SendChannel<number>, prime: number) {
  for (;;) {
    const [i] = await input.recv(); // Receive value from 'input'.
    if (i! % prime !== 0) {
      await out.send(i!); // Send 'i' to 'out'.
    }
  }
}

// The prime sieve: Daisy-chain filter processes.
async function main(n: number) {
  let ch = new Channel<number>(); // Create a new channel.
  void generate(ch); // Launch generate goroutine.
  for (let i = 0; i < n; i++) {
    const [prime] = await ch.recv();
    console.log(prime);
    const ch1 = new Channel<number>();
    void filter(ch, ch1, prime!);
    ch = ch1;
  }
}

// Like Go's main, this returns with the filters still blocked; the process
// exits because nothing but promises is left pending.
await main(Number(process.argv[2] ?? 10));
