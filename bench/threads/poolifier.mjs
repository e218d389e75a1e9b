/**
 * poolifier's worker: the three jobs as named task functions. poolifier's
 * worker has no transfer list for what it sends back, so `bytes` returns
 * its buffer to be copied.
 */
import { ThreadWorker } from "poolifier";
import { blur, double, mark } from "./work.mjs";

export default new ThreadWorker({ double, blur, bytes: mark });
