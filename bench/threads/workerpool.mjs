/** workerpool's worker script: the three jobs as named methods; `bytes` moves its buffer back with `workerpool.Transfer`. */
import workerpool from "workerpool";
import { blur, double, mark } from "./work.mjs";

workerpool.worker({
  double,
  blur,
  bytes: (b) => new workerpool.Transfer(mark(b), [b.buffer]),
});
