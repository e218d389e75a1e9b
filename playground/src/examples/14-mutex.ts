// Mutex: one goroutine at a time in the critical section
import { Mutex, WaitGroup, go, run, sleep } from "gochan";

class Counters {
  mu = new Mutex();
  n = new Map<string, number>([["a", 0], ["b", 0]]);

  async inc(name: string) {
    await this.mu.lock();
    try {
      const v = this.n.get(name)!;
      await sleep(10); // slow work while holding the lock
      this.n.set(name, v + 1);
    } finally {
      this.mu.unlock(); // defer c.mu.Unlock()
    }
  }
}

run(async () => {
  const c = new Counters();
  const wg = new WaitGroup();
  const count = async (name: string, times: number) => {
    try {
      for (let i = 0; i < times; i++) {
        await c.inc(name);
      }
    } finally {
      wg.done();
    }
  };
  wg.add(3);
  void go(() => count("a", 3), "count a (1)");
  void go(() => count("a", 3), "count a (2)");
  void go(() => count("b", 3), "count b");
  await wg.wait();
  // Go prints a map as map[key:value ...], keys sorted
  console.log(`map[${[...c.n].sort().map(([k, v]) => `${k}:${v}`).join(" ")}]`);
});
