// The bundler matrix, Rollup row (issue 22): a Node app with a module URL.
// Rollup leaves `new URL(..., import.meta.url)` alone, so the handler and
// gochan's thread entry (dist/threads/worker.js) become inputs of their own,
// emitted where the URLs point: the handler beside the app, the entry in
// threads/ beside the chunk that holds the pool.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { app, collect, handler, node, unbuilt, workerFile } from "./bundle/app.js";

const rollup = await import("rollup").catch(() => null);
const resolve = (await import("@rollup/plugin-node-resolve").catch(() => null))?.nodeResolve ?? null;
const why = unbuilt || (rollup === null || resolve === null ? "rollup or @rollup/plugin-node-resolve is not installed (dev dependencies)" : "");
if (why !== "") console.warn(`bundler matrix, Rollup rows skipped: ${why}`);

async function build(dir: string, input: Record<string, string>): Promise<void> {
  const bundle = await rollup!.rollup({ input: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, join(dir, v)])), plugins: [resolve!()], onwarn: () => {} });
  await bundle.write({ dir: join(dir, "out"), format: "es" });
  await bundle.close();
}

describe.skipIf(why !== "")("bundler matrix: Rollup, Node output", { timeout: 60_000 }, () => {
  it("a module URL: the app, the handler and gochan's thread entry as inputs; the output runs with node", async () => {
    const dir = app({
      "src/double.js": handler,
      "src/main.js": `import { Pool } from "gochan";
const pool = new Pool(new URL("./double.js", import.meta.url), { workers: 2 });
${collect("print")}`,
    });
    await build(dir, { main: "src/main.js", double: "src/double.js", "threads/worker": "node_modules/gochan/dist/threads/worker.js" });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });

  it("threads(start): the app and its worker file as inputs; the output runs with node", async () => {
    const dir = app({
      "src/double.js": handler,
      "src/double.worker.js": workerFile,
      "src/main.js": `import { Worker } from "node:worker_threads";
import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool(threads(() => new Worker(new URL("./double.worker.js", import.meta.url))), { workers: 2 });
${collect("print")}`,
    });
    await build(dir, { main: "src/main.js", "double.worker": "src/double.worker.js" });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });
});
