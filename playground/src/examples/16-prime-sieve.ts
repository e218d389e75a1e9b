// Prime sieve: a chain of filter goroutines
import { Channel, go, run, type RecvChannel, type SendChannel } from "gochan";

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
run(async () => {
  let ch = new Channel<number>(0, { name: "ch 2.." }); // Create a new channel.
  void go(() => generate(ch), "generate"); // Launch generate goroutine.
  for (let i = 0; i < 10; i++) {
    const [prime] = await ch.recv();
    console.log(prime);
    const ch1 = new Channel<number>(0, { name: `after ${prime}` });
    void go(() => filter(ch, ch1, prime!), `filter ${prime}`);
    ch = ch1;
  }
});
