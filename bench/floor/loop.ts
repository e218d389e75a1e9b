/**
 * The floor pool: `workers` async functions pulling jobs from a shared array
 * index. No queue, no channel, no result objects, no error handling: the
 * least a promise-based pool can do, and the lower bound the pool ratios
 * divide by.
 */
export async function bareLoop<J, R>(
  jobs: readonly J[],
  workers: number,
  fn: (job: J) => R | Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await fn(jobs[i]!);
    }
  };
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) running.push(worker());
  await Promise.all(running);
  return results;
}
