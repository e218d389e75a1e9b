/**
 * The promise pools (ESM only), each in its documented form: p-limit wraps
 * every call, p-queue adds every task, p-map maps the array.
 */
import pLimit from "p-limit";
import pMap from "p-map";
import PQueue from "p-queue";
import { tally, type Contender } from "../contender.js";

export const limit: Contender = {
  name: "p-limit",
  pool: async (jobs, workers, fn) => {
    const run = pLimit(workers);
    return tally(await Promise.all(jobs.map((j) => run(fn, j))));
  },
};

export const queue: Contender = {
  name: "p-queue",
  pool: async (jobs, workers, fn) => {
    const q = new PQueue({ concurrency: workers });
    return tally(await Promise.all(jobs.map((j) => q.add(() => fn(j)))));
  },
};

export const map: Contender = {
  name: "p-map",
  pool: async (jobs, workers, fn) => tally(await pMap(jobs, fn, { concurrency: workers })),
};
