/** True under Node (and Deno/Bun's Node layer); browser runs skip Node-only checks. */
export const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

/** How many abort listeners `signal` holds, via Node's `events.getEventListeners`. */
export async function abortListeners(signal: AbortSignal): Promise<number> {
  const { EventEmitter } = await import("node:events");
  return EventEmitter.getEventListeners(signal, "abort").length;
}
