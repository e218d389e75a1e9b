/**
 * The raw thread floors of bench/goroutine.ts: worker_threads with no
 * library, one role per thread (`workerData.role`). What each does:
 *
 * - "drain": a stream main to thread over postMessage, one value per
 *   message; a run starts with { n }, and the thread replies
 *   { count, sum, bad } once its `n` values are in.
 * - "drain-batched": the same, 256 values per message (an array).
 * - "ring": the consumer of a SharedArrayBuffer ring (see the layout below),
 *   parking in Atomics.wait when it is empty; replies as "drain".
 * - "echo": answers each number on `port` (the parent's, or a MessagePort
 *   handed over) with the number plus one: the responder of a round trip.
 * - "ping": sends i on a port to an "echo" thread, awaits i + 1, n times;
 *   replies { sum, bad, ms }.
 * - "sab-ping" / "sab-pong": a ping-pong over two Int32 cells with
 *   Atomics.wait/notify, no messages at all; "sab-ping" replies { sum, bad, ms }.
 *   With `workerData.spin`, each side first polls the cell that many times
 *   (a receiver kept awake while traffic flows) before it parks.
 *
 * The clock of a thread-to-thread round trip starts and stops in the thread
 * that pings, so no message to main is timed.
 */
import { parentPort, workerData } from "node:worker_threads";

// The ring: ctl = Int32Array [head (values written), tail (values read),
// consumer parked, producer parked]; data = Float64Array of CAP slots.
const RING = 1024;
const HEAD = 0;
const TAIL = 1;
const CONS_WAITS = 2;
const PROD_WAITS = 3;

const { role } = workerData;
// "sab-ping" / "sab-pong": loads of the cell before parking in Atomics.wait (0: park at once).
const spin = workerData.spin ?? 0;

if (role === "drain" || role === "drain-batched") {
  // A run starts with { n }; then come its values, one a message or 256 an array.
  let n = -1;
  let count = 0;
  let sum = 0;
  let bad = 0;
  parentPort.on("message", (m) => {
    if (role === "drain") {
      if (typeof m !== "number") {
        ({ n } = m);
        return;
      }
      if (m !== count) bad++;
      count++;
      sum += m;
    } else {
      if (!Array.isArray(m)) {
        ({ n } = m);
        return;
      }
      for (let i = 0; i < m.length; i++) {
        if (m[i] !== count) bad++;
        count++;
        sum += m[i];
      }
    }
    if (count === n) {
      parentPort.postMessage({ count, sum, bad });
      count = sum = bad = 0;
    }
  });
} else if (role === "ring") {
  parentPort.on("message", ({ ctl, data, n }) => {
    let count = 0;
    let sum = 0;
    let bad = 0;
    let tail = Atomics.load(ctl, TAIL);
    while (count < n) {
      let head = Atomics.load(ctl, HEAD);
      if (head === tail) {
        // Park; a producer that wrote after this load makes the wait return at once (the cell changed).
        Atomics.store(ctl, CONS_WAITS, 1);
        Atomics.wait(ctl, HEAD, head);
        Atomics.store(ctl, CONS_WAITS, 0);
        continue;
      }
      for (; tail !== head; tail++) {
        const v = data[tail % RING];
        if (v !== count) bad++;
        count++;
        sum += v;
      }
      Atomics.store(ctl, TAIL, tail);
      if (Atomics.load(ctl, PROD_WAITS) === 1) Atomics.notify(ctl, TAIL);
    }
    parentPort.postMessage({ count, sum, bad });
  });
} else if (role === "echo") {
  const listen = (port) => port.on("message", (v) => port.postMessage(v + 1));
  if (workerData.own === true) parentPort.once("message", (port) => listen(port));
  else listen(parentPort);
} else if (role === "ping") {
  // First message: the port to the echo thread; then one { n } per run.
  let port = null;
  let i = 0;
  let n = 0;
  let sum = 0;
  let bad = 0;
  let t0 = 0;
  parentPort.on("message", (m) => {
    if (port === null) {
      port = m;
      port.on("message", (v) => {
        if (v !== i + 1) bad++;
        sum += v;
        if (++i === n) parentPort.postMessage({ sum, bad, ms: performance.now() - t0 });
        else port.postMessage(i);
      });
      return;
    }
    ({ n } = m);
    i = sum = bad = 0;
    t0 = performance.now();
    port.postMessage(0);
  });
} else if (role === "sab-ping") {
  parentPort.on("message", ({ cells, n, from }) => {
    // cells[0]: the last value pinged, plus one; cells[1]: the last answer, plus one.
    let sum = 0;
    let bad = 0;
    const t0 = performance.now();
    for (let i = from; i < from + n; i++) {
      Atomics.store(cells, 0, i + 1);
      Atomics.notify(cells, 0);
      let got = Atomics.load(cells, 1);
      for (let k = 0; k < spin && got !== i + 2; k++) got = Atomics.load(cells, 1);
      while (got !== i + 2) {
        Atomics.wait(cells, 1, got);
        got = Atomics.load(cells, 1);
      }
      const v = got - 1; // the answer: i + 1
      if (v !== i + 1) bad++;
      sum += v - from; // as if this run had started at 0

    }
    parentPort.postMessage({ sum, bad, ms: performance.now() - t0 });
  });
} else if (role === "sab-pong") {
  parentPort.once("message", ({ cells }) => {
    let seen = 0;
    for (;;) {
      let got = Atomics.load(cells, 0);
      for (let k = 0; k < spin && got === seen; k++) got = Atomics.load(cells, 0);
      while (got === seen) {
        Atomics.wait(cells, 0, got);
        got = Atomics.load(cells, 0);
      }
      seen = got;
      if (got === -1) return; // told to stop
      Atomics.store(cells, 1, got + 1); // cells[0] holds v + 1; the answer v + 1 is stored plus one
      Atomics.notify(cells, 1);
    }
  });
} else throw new Error(`floor.mjs: no role ${String(role)}`);
