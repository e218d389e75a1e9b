// Go's concurrent prime sieve (examples/sieve.ts) with every goroutine on
// another thread: main is the same, line for line; generate and filter are
// the same functions, moved to examples/sieve-goroutines.ts. The chain of
// unbuffered channels now runs across threads, each value passing from
// thread to thread (slower than on one thread: every hop is a message; see
// "Goroutines on threads" in docs/threads.md). Prints the first 10 primes
// (or as many as the first argument says).
import { Channel, onThread, run } from "gochan";

type Goroutines = typeof import("./sieve-goroutines.js");
const url = new URL("./sieve-goroutines.ts", import.meta.url);
const generate = onThread<Goroutines["generate"]>(url, "generate");
const filter = onThread<Goroutines["filter"]>(url, "filter");

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

// The goroutines never end: as in Go, main returning ends the program (run).
await run(() => main(Number(process.argv[2] ?? 10)));
