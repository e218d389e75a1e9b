/** True under Node (and Deno/Bun's Node layer); browser runs skip Node-only checks. */
export const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

/** How many abort listeners `signal` holds, via Node's `events.getEventListeners`. */
export async function abortListeners(signal: AbortSignal): Promise<number> {
  const { EventEmitter } = await import("node:events");
  return EventEmitter.getEventListeners(signal, "abort").length;
}

/** Heap bytes in use after a full collection (Node only: enables `gc` at run time). */
export async function heapAfterGc(): Promise<number> {
  const v8 = await import("node:v8");
  const vm = await import("node:vm");
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
