// main acquires a semaphore whose only slot is never released.
import { Semaphore, run } from "gochan";

run(async () => {
  const sem = new Semaphore(1);
  await sem.acquire();
  await sem.acquire();
});
