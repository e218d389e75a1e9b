// The bundler matrix, Vite rows (issue 22): the browser app with the
// threads(start) pattern, in the dev server and built, run in headless
// Chromium; the SSR (Node) build with a module URL, run with node. Each is
// the pattern docs/threads.md ("Bundlers") documents for Vite; and the
// browser build of a module URL, which cannot work, fails saying why.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { app, collect, handler, node, unbuilt, workerFile } from "./bundle/app.js";
import { noChromium, serveDir, titleIn } from "./bundle/browser.js";

const vite = await import("vite").catch(() => null);
const why = unbuilt || (vite === null ? "vite is not installed (a dev dependency)" : "");
if (why !== "") console.warn(`bundler matrix, Vite rows skipped: ${why}`);
if (why === "" && noChromium !== "") console.warn(`bundler matrix, Vite browser rows skipped: ${noChromium}`);

/** The browser app: TypeScript, as Vite serves and builds it as it is. */
function browserApp(): string {
  return app({
    "index.html": '<!doctype html>\n<script type="module" src="/src/main.ts"></script>\n',
    "src/double.ts": "export default function double(j: number): number { return j * 2; }\n",
    "src/double.worker.ts": workerFile,
    "src/main.ts": `import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool<number, number>(threads(() => new Worker(new URL("./double.worker.ts", import.meta.url), { type: "module" })), { workers: 2 });
${collect("title")}`,
  });
}

const quiet = { configFile: false, logLevel: "silent" } as const;

describe.skipIf(why !== "" || noChromium !== "")("bundler matrix: Vite, browser", { timeout: 90_000 }, () => {
  it("threads(start): the built app runs in Chromium, the worker emitted as a bundle of its own", async () => {
    const dir = browserApp();
    await vite!.build({ ...quiet, root: dir, build: { outDir: "out" } });
    const { url, server } = await serveDir(join(dir, "out"));
    try {
      expect(await titleIn(url)).toBe("result: 2,4,6");
    } finally {
      server.close();
    }
  });

  it("a module URL, which the build cannot keep (docs/threads.md says so): every job fails saying the handler was inlined, with the pattern that works", async () => {
    const dir = app({
      "index.html": '<!doctype html>\n<script type="module" src="/src/main.ts"></script>\n',
      "src/double.ts": "export default function double(j: number): number { return j * 2; }\n",
      "src/main.ts": `import { Pool } from "gochan";
const pool = new Pool<number, number>(new URL("./double.ts", import.meta.url), { workers: 1 });
${collect("title")}`,
    });
    await vite!.build({ ...quiet, root: dir, build: { outDir: "out" } });
    const { url, server } = await serveDir(join(dir, "out"));
    try {
      const title = await titleIn(url);
      expect(title).toContain("ThreadLoadError: pool: cannot load the handler module data:");
      expect(title).toContain("threads(() => new Worker(new URL(");
    } finally {
      server.close();
    }
  });

  it("threads(start): the same sources run in the dev server", async () => {
    const dir = browserApp();
    const server = await vite!.createServer({ ...quiet, root: dir, server: { host: "127.0.0.1", port: 0, hmr: false, ws: false } });
    await server.listen();
    try {
      expect(await titleIn(server.resolvedUrls!.local[0]!)).toBe("result: 2,4,6");
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(why !== "")("bundler matrix: Vite, SSR (Node) build", { timeout: 90_000 }, () => {
  it("a module URL: the handler is an input of its own, gochan stays external in node_modules; the output runs with node", async () => {
    const dir = app({
      "src/double.js": handler,
      "src/main.js": `import { Pool } from "gochan";
const pool = new Pool(new URL("./double.js", import.meta.url), { workers: 2 });
${collect("print")}`,
    });
    await vite!.build({ ...quiet, root: dir, build: { ssr: true, outDir: "out", rollupOptions: { input: ["src/main.js", "src/double.js"], output: { entryFileNames: "[name].js" } } } });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });

  it("threads(start): the worker file is an input of its own; the output runs with node", async () => {
    const dir = app({
      "src/double.js": handler,
      "src/double.worker.js": workerFile,
      "src/main.js": `import { Worker } from "node:worker_threads";
import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool(threads(() => new Worker(new URL("./double.worker.js", import.meta.url))), { workers: 2 });
${collect("print")}`,
    });
    await vite!.build({ ...quiet, root: dir, build: { ssr: true, outDir: "out", rollupOptions: { input: ["src/main.js", "src/double.worker.js"], output: { entryFileNames: "[name].js" } } } });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });
});
