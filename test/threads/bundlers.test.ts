// The bundler matrix (issue 22): a tiny app built with each bundler by the
// pattern docs/threads.md documents for it, its output run as a user would.
// Each row needs its bundler (a dev dependency) and the built package
// (dist/, `npm run build`); without them it skips, saying which.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const built = existsSync(join(root, "dist/threads/worker.js"));
const esbuild = await import("esbuild").catch(() => null);
const why = !built ? "dist/ is not built: run npm run build first" : esbuild === null ? "esbuild is not installed (npm ci brings it with tsup)" : "";
if (why !== "") console.warn(`bundler matrix, esbuild row skipped: ${why}`);

/** An app folder whose node_modules/gochan is this package, as an install would make it. */
function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "gochan-bundle-"));
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules/gochan"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "src", name), text);
  return dir;
}

function node(file: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [file], { timeout: 60_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout.trim()))),
  );
}

const handler = "export default function double(j: number): number { return j * 2; }\n";
const collect = `
for (const j of [1, 2, 3]) await pool.submit(j);
pool.close();
const out: string[] = [];
for await (const r of pool.results) out.push(r.status === "done" ? String(r.value) : String(r.error));
console.log(out.sort().join(","));
`;

describe.skipIf(why !== "")("bundler matrix: esbuild, Node output", { timeout: 60_000 }, () => {
  const options = { bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "silent" } as const;

  it("threads(start): the app and its worker file as two entry points; the output runs with node", async () => {
    const dir = app({
      "double.ts": handler,
      "double.worker.ts": 'import { serve } from "gochan/threads";\nimport double from "./double.js";\nserve(double);\n',
      "main.ts": `import { Worker } from "node:worker_threads";
import { Pool } from "gochan";
import { threads } from "gochan/threads";
const pool = new Pool<number, number>(threads(() => new Worker(new URL("./double.worker.js", import.meta.url))), { workers: 2 });
${collect}`,
    });
    await esbuild!.build({ ...options, absWorkingDir: dir, entryPoints: ["src/main.ts", "src/double.worker.ts"], outdir: "out" });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });

  it("a module URL: the app and the handler as entry points, gochan's thread entry bundled beside them; the output runs with node", async () => {
    const dir = app({
      "double.ts": handler,
      "main.ts": `import { Pool } from "gochan";
const pool = new Pool<number, number>(new URL("./double.js", import.meta.url), { workers: 2 });
${collect}`,
    });
    await esbuild!.build({ ...options, absWorkingDir: dir, entryPoints: ["src/main.ts", "src/double.ts"], outdir: "out" });
    await esbuild!.build({ ...options, absWorkingDir: dir, entryPoints: ["node_modules/gochan/dist/threads/worker.js"], outfile: "out/threads/worker.js" });
    expect(await node(join(dir, "out/main.js"))).toBe("2,4,6");
  });

  it("a module URL without gochan's thread entry beside the bundle: every job fails saying so", async () => {
    const dir = app({
      "double.ts": handler,
      "main.ts": `import { Pool } from "gochan";
const pool = new Pool<number, number>(new URL("./double.js", import.meta.url), { workers: 1 });
${collect}`,
    });
    await esbuild!.build({ ...options, absWorkingDir: dir, entryPoints: ["src/main.ts", "src/double.ts"], outdir: "out" });
    const out = await node(join(dir, "out/main.js"));
    expect(out).toContain("ThreadLoadError: pool: cannot load the handler module");
    expect(out).toContain("threads/worker.js was not found");
  });
});
