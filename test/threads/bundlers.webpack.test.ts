// The bundler matrix, webpack 5 rows (issue 22): the threads(start) pattern
// for the web (run in headless Chromium) and for Node (run with node), as
// docs/threads.md ("Bundlers") documents it. webpack emits a worker as a
// bundle of its own only for the literal `new Worker(new URL(...))`, and
// treats any other `new URL(..., import.meta.url)` as an asset it copies as
// it is, so a module URL cannot work there.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { app, collect, handler, node, root, unbuilt, workerFile } from "./bundle/app.js";
import { noChromium, serveDir, titleIn } from "./bundle/browser.js";

type Webpack = (config: object, done: (e: Error | null, stats?: { hasErrors(): boolean; toString(o: object): string }) => void) => void;
// webpack is no dev dependency (about 33 MB of npm ci): tools/checks has it (npm run checks:fetch; .ci/run fetches it).
const fetched = join(root, "tools/checks/node_modules/webpack/lib/index.js");
const webpack = existsSync(fetched) ? ((await import(pathToFileURL(fetched).href)) as { default: Webpack }).default : null;
const why = unbuilt || (webpack === null ? "webpack is not in tools/checks (npm run checks:fetch installs the pinned one)" : "");
if (why !== "" && process.env.CI) throw new Error(`bundler matrix, webpack rows: ${why}; CI is set, so they must run`);
if (why !== "") console.warn(`bundler matrix, webpack rows skipped: ${why}`);
if (why === "" && noChromium !== "") console.warn(`bundler matrix, webpack web row skipped: ${noChromium}`);

function build(dir: string, target: "web" | "node"): Promise<void> {
  const config = { mode: "production", context: dir, entry: { main: "./src/main.js" }, target, output: { path: join(dir, "out") }, optimization: { minimize: false } };
  return new Promise((resolve, reject) =>
    webpack!(config, (e, stats) => (e ? reject(e) : stats!.hasErrors() ? reject(new Error(stats!.toString({ all: false, errors: true }))) : resolve())),
  );
}

describe.skipIf(why !== "")("bundler matrix: webpack 5", { timeout: 90_000 }, () => {
  it.skipIf(noChromium !== "")("web target, threads(start): the built app runs in Chromium, the worker emitted as a bundle of its own", async () => {
    const dir = app({
      "src/double.js": handler,
      "src/double.worker.js": workerFile,
      "src/main.js": `import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool(threads(() => new Worker(new URL("./double.worker.js", import.meta.url), { type: "module" })), { workers: 2 });
${collect("title")}`,
    });
    await build(dir, "web");
    writeFileSync(join(dir, "out/index.html"), '<!doctype html>\n<script src="./main.js"></script>\n');
    const { url, server } = await serveDir(join(dir, "out"));
    try {
      expect(await titleIn(url)).toBe("result: 2,4,6");
    } finally {
      server.close();
    }
  });

  it('node target, threads(start) with Worker from "worker_threads": the output runs with node', async () => {
    // "worker_threads", not "node:worker_threads": webpack 5.113 miscompiles
    // `new Worker(new URL(...))` with the prefixed import (docs/threads.md).
    const dir = app({
      "src/double.js": handler,
      "src/double.worker.js": workerFile,
      "src/main.js": `import { Worker } from "worker_threads";
import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool(threads(() => new Worker(new URL("./double.worker.js", import.meta.url))), { workers: 2 });
${collect("print")}`,
    });
    await build(dir, "node");
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });

  it('node target, Worker from "node:worker_threads" (which webpack 5.113 miscompiles): every job fails saying to drop the prefix', async () => {
    // When a webpack upgrade fixes this, this test fails: drop the workaround from docs/threads.md then.
    const dir = app({
      "src/double.js": handler,
      "src/double.worker.js": workerFile,
      "src/main.js": `import { Worker } from "node:worker_threads";
import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool(threads(() => new Worker(new URL("./double.worker.js", import.meta.url))), { workers: 1 });
${collect("print")}`,
    });
    await build(dir, "node");
    const out = await node(join(dir, "out/main.js"));
    expect(out).toContain("ThreadLoadError: pool: threads(start) threw instead of returning a worker");
    expect(out).toContain('import it from "worker_threads"');
  });
});
