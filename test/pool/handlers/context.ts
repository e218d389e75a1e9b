// A handler module for the thread pool tests: what of the submitter's
// async context reaches a thread (nothing), and the documented way to pass it.
import { AsyncLocalStorage } from "node:async_hooks";

/** This thread's own storage: a thread loads the module anew. */
export const user = new AsyncLocalStorage<string | undefined>();

export default function context(job: { user?: string }): { before: string | undefined; inside: string | undefined } {
  const before = user.getStore();
  return user.run(job.user, () => ({ before, inside: user.getStore() }));
}
