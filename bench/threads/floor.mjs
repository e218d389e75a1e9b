/**
 * The worker_threads floor's thread: no library, one listener. A message is
 * a batch `{ first, jobs }`; the reply is `{ first, out }`, the job function
 * of `workerData.job` applied to each. `bytes` buffers go back moved.
 */
import { parentPort, workerData } from "node:worker_threads";
import { blur, double, mark } from "./work.mjs";

const fn = { double, blur, bytes: mark }[workerData.job];
const moves = workerData.job === "bytes";

parentPort.on("message", ({ first, jobs }) => {
  const out = new Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) out[i] = fn(jobs[i]);
  if (moves) parentPort.postMessage({ first, out }, out.map((b) => b.buffer));
  else parentPort.postMessage({ first, out });
});
