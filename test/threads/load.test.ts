// A thread that cannot load its handler says why: real bad modules, real
// threads (worker_threads), each job failing with a ThreadLoadError that
// names the URL, the cause and a one-line hint.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan/pool";
import { ThreadExitError, ThreadLoadError, threads, type ThreadSource } from "gochan/threads";
import { runtimeBin } from "../support/runtimes.js";

const dir = mkdtempSync(join(tmpdir(), "gochan-load-"));
function file(name: string, text: string): URL {
  writeFileSync(join(dir, name), text);
  return pathToFileURL(join(dir, name));
}

async function failures(module: URL | ThreadSource): Promise<Array<Result<number, number>>> {
  const pool = new Pool<number, number>(module as URL, { workers: 2 });
  const producer = (async () => {
    for (const j of [1, 2, 3]) await pool.submit(j);
    pool.close();
  })();
  const out: Array<Result<number, number>> = [];
  for await (const r of pool.results) out.push(r);
  await producer;
  await pool.settled();
  return out;
}

/** Every job failed with the same ThreadLoadError: that error. */
async function loadError(module: URL | ThreadSource): Promise<ThreadLoadError> {
  const results = await failures(module);
  expect(results).toHaveLength(3);
  expect(results.every((r) => r.status === "failed")).toBe(true);
  const e = results[0]!.error as ThreadLoadError;
  expect(e).toBeInstanceOf(ThreadLoadError);
  expect(e).toBeInstanceOf(ThreadExitError); // what code written before it tests for
  expect(e.name).toBe("ThreadLoadError");
  expect(results.every((r) => r.error === e)).toBe(true);
  expect(e.message.split("\n")).toHaveLength(2);
  expect(e.message.split("\n")[1]).toMatch(/^hint: \S/);
  expect(e.cause).toBeDefined();
  return e;
}

describe("a thread that cannot load says why", { timeout: 30_000 }, () => {
  it("a module that is not there: reason not-found, the URL named, a hint about the path", async () => {
    const url = pathToFileURL(join(dir, "missing.mjs"));
    const e = await loadError(url);
    expect(e.reason).toBe("not-found");
    expect(e.module).toBe(url.href);
    expect(e.message).toContain(`cannot load the handler module ${url.href}: it was not found`);
    expect(e.message).toContain("import.meta.url");
  });

  it("a module with a syntax error: reason syntax, the parser's message", async () => {
    const url = file("syntax.mjs", "export default function (j) { return j *\n");
    const e = await loadError(url);
    expect(e.reason).toBe("syntax");
    expect(e.message).toContain(url.href);
    expect(e.message).toMatch(/a syntax error: Unexpected end of input/);
  });

  it("a data: URL of TypeScript, as Vite inlines an asset: reason inlined, the URL shortened, the bundler pattern as hint", async () => {
    const source = "export default function (j: number): number { return j * 2 }\n".repeat(4);
    const url = new URL(`data:video/mp2t;base64,${Buffer.from(source).toString("base64")}`);
    const e = await loadError(url);
    expect(e.reason).toBe("inlined");
    expect(e.module).toBe(url.href);
    expect(e.message).toContain("data:video/mp2t;base64,");
    expect(e.message).toContain(`(${url.href.length} characters)`);
    expect(e.message).not.toContain(url.href); // one line, not the whole file
    expect(e.message).toMatch(/bundler/);
    expect(e.message).toContain("threads(() => new Worker(new URL(");
  });

  it("a module whose import is missing: reason import-not-found, the missing package named", async () => {
    const url = file("imports.mjs", 'import x from "gochan-no-such-package";\nexport default (j) => j + x;\n');
    const e = await loadError(url);
    expect(e.reason).toBe("import-not-found");
    expect(e.message).toContain("gochan-no-such-package");
  });

  it("a file that is no JavaScript module: reason not-a-module", async () => {
    const e = await loadError(file("notes.txt", "just text\n"));
    expect(e.reason).toBe("not-a-module");
    expect(e.message).toContain("notes.txt");
  });

  it("a module without the export: reason no-handler, which export", async () => {
    const url = file("other.mjs", "export const other = 1;\n");
    const e = await loadError(url);
    expect(e.reason).toBe("no-handler");
    expect(e.message).toContain(`${url.href}: it has no default export function`);
  });

  it("threads(start) whose start throws: reason failed, what it threw, and webpack's miscompile named when it is that", async () => {
    const plain = await loadError(
      threads(() => {
        throw new RangeError("no more workers");
      }),
    );
    expect(plain.reason).toBe("failed");
    expect(plain.message).toMatch(/^pool: threads\(start\) threw instead of returning a worker: RangeError: no more workers\nhint: /);
    expect(plain.cause).toBeInstanceOf(RangeError);
    // What webpack 5.113 makes of `new Worker(new URL(...))` with Worker from "node:worker_threads".
    const webpack = await loadError(threads(() => new ((undefined as unknown as { wc: new () => object }).wc)()));
    expect(webpack.message).toContain("reading 'wc'");
    expect(webpack.message).toContain('import it from "worker_threads"');
  });

  it("threads(start) whose worker file is not there: the app's worker named as what did not start", async () => {
    const gone = pathToFileURL(join(dir, "gone.worker.mjs"));
    const e = await loadError(threads(() => new Worker(gone)));
    expect(e.reason).toBe("not-found");
    expect(e.message).toMatch(/^pool: the worker that threads\(start\) returned did not start: it was not found/);
    expect(e.message).toContain("gone.worker.mjs");
  });
});

describe("bundlers leave gochan's dynamic import alone", () => {
  it("the built import(url) of a handler carries webpackIgnore and @vite-ignore (no 'Critical dependency' warning)", async () => {
    const out = await build({
      entryPoints: [new URL("../../src/threads/worker.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      write: false,
    });
    // serve.ts's fallback for vitest's browser mode builds an import from a
    // string (new Function), which no bundler parses: left out here.
    const code = out.outputFiles[0]!.text.replace('"return import(u)"', '""');
    // Every import( whose argument is not a string literal.
    const dynamic = [...code.matchAll(/\bimport\(([\s\S]*?)\)/g)].filter((m) => !/^\s*["'`]/.test(m[1]!.replace(/\/\*[\s\S]*?\*\//g, "")));
    expect(dynamic.length).toBeGreaterThan(0);
    for (const m of dynamic) {
      expect(m[1]).toContain("webpackIgnore: true");
      expect(m[1]).toContain("@vite-ignore");
    }
  });
});

describe("a thread on Deno without --allow-read", { timeout: 60_000 }, () => {
  const deno = runtimeBin("deno");
  it.skipIf(deno === null)("says which permission it needs (reason permission), rather than that a file is missing", async () => {
    const root = new URL("../../", import.meta.url).pathname;
    const program = file(
      "deno-main.ts",
      `import { Pool } from ${JSON.stringify(`${root}src/pool/index.ts`)};
const pool = new Pool<number, number>(new URL(${JSON.stringify(`file://${root}test/pool/handlers/double.ts`)}), { workers: 1 });
await pool.submit(1);
pool.close();
for await (const r of pool.results) console.log(JSON.stringify({ status: r.status, reason: (r.error as { reason?: string }).reason, message: (r.error as Error).message }));
`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(deno!, ["run", "--quiet", "--no-lock", "--config", `${root}test/runtimes/deno.json`, program.pathname], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const r = JSON.parse(out.trim()) as { status: string; reason: string; message: string };
    expect(r.status).toBe("failed");
    expect(r.reason).toBe("permission");
    expect(r.message).toContain("--allow-read");
  });
});
