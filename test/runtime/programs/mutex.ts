// main locks a mutex it already holds: Go's sync.Mutex is not reentrant.
import { Mutex, run } from "gochan";

run(async () => {
  const mu = new Mutex();
  await mu.lock();
  await mu.lock();
});
