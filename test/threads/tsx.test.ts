// A thread pool with a TypeScript handler under the `tsx` command when tsx is
// not installed where the program runs (`npx tsx` from its own cache): the
// threads load TypeScript through the tsx that runs the program.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = createRequire(join(root, "package.json")).resolve("tsx/cli");

describe("TypeScript handlers under the tsx command", { timeout: 60_000 }, () => {
  it("a program run by tsx from elsewhere (npx tsx, no local tsx) runs a .ts handler on threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gochan-npx-tsx-")); // no node_modules here, nor above
    const program = join(dir, "main.mts");
    writeFileSync(
      program,
      `import { Pool } from ${JSON.stringify(pathToFileURL(join(root, "src/pool/index.ts")).href)};
const pool = new Pool<number, number>(new URL(${JSON.stringify(pathToFileURL(join(root, "test/pool/handlers/double.ts")).href)}), { workers: 2 });
for (const j of [1, 2, 3]) await pool.submit(j);
pool.close();
const out: string[] = [];
for await (const r of pool.results) out.push(r.status === "done" ? String(r.value) : String(r.error));
console.log(out.sort().join(","));
`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [cli, program], { cwd: dir, timeout: 60_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout))),
    );
    expect(out.trim()).toBe("2,4,6");
  });
});
