// The goroutines of Go's prime sieve (examples/sieve.ts), unchanged, in a
// module of their own so that examples/sieve-threads.ts can start them on
// other threads.
import type { RecvChannel, SendChannel } from "gochan";

// Send the sequence 2, 3, 4, ... to channel 'ch'.
export async function generate(ch: SendChannel<number>) {
  for (let i = 2; ; i++) {
    await ch.send(i); // Send 'i' to channel 'ch'.
  }
}

// Copy the values from channel 'input' to channel 'out',
// removing those divisible by 'prime'.
export async function filter(input: RecvChannel<number>, out: SendChannel<number>, prime: number) {
  for (;;) {
    const [i] = await input.recv(); // Receive value from 'input'.
    if (i! % prime !== 0) {
      await out.send(i!); // Send 'i' to 'out'.
    }
  }
}
