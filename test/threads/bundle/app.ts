// A tiny app as the bundler matrix builds it: its own folder, its sources in
// src/, and gochan in node_modules as an install puts it there (a copy of
// package.json and the built dist/, not a link: Vite treats a linked package
// as the app's own source, and so would bundle what it leaves external for
// an installed one).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Why the rows cannot run here ("" if they can): the built package is missing. */
export const unbuilt = existsSync(join(root, "dist/threads/worker.js")) ? "" : "dist/ is not built: run npm run build first";

/** Makes an app folder with `files` (paths relative to it) and an installed gochan; returns its path. */
export function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "gochan-bundle-"));
  const gochan = join(dir, "node_modules/gochan");
  mkdirSync(gochan, { recursive: true });
  cpSync(join(root, "package.json"), join(gochan, "package.json"));
  cpSync(join(root, "dist"), join(gochan, "dist"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs a built file with node; resolves with what it printed. */
export function node(file: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [file], { timeout: 60_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout.trim()))),
  );
}

/** The handler every app runs: doubling is easy to check. */
export const handler = "export default function double(j) { return j * 2; }\n";

/** The worker file of the threads(start) pattern. */
export const workerFile = 'import { serve } from "gochan/threads";\nimport double from "./double.js";\nserve(double);\n';

/** The end of every app's main: three jobs, their results sorted, printed (Node) or put in the page's title (browser). */
export function collect(report: "print" | "title"): string {
  return `for (const j of [1, 2, 3]) await pool.submit(j);
pool.close();
const out = [];
for await (const r of pool.results) out.push(r.status === "done" ? String(r.value) : String(r.error));
${report === "print" ? "console.log(out.sort().join(','));" : "document.title = 'result: ' + out.sort().join(',');"}
`;
}
