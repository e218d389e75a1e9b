import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = () => readFileSync(join(root, "README.md"), "utf8");

/** Runs `code` as a module of its own under tsx; resolves with its exit code and output. */
function runBlock(code: string, name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), "gochan-readme-")), name);
  writeFileSync(file, code);
  return new Promise((resolve) =>
    execFile(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e === null ? 0 : typeof e.code === "number" ? e.code : -1, stdout, stderr }),
    ),
  );
}

describe("README", () => {
  it("its first code block runs as shown and prints the five results", async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme())![1]!;
    const out = await runBlock(code, "first-screen.mts");
    expect(out.stderr).toBe("");
    expect(out.stdout.trim().split("\n").sort()).toEqual(["result 10", "result 2", "result 4", "result 6", "result 8"]);
  });

  it("'When a program hangs' shows run(main), and its program stops as the README says, with status 2", async () => {
    const section = /## When a program hangs\n([\s\S]*?)\n## /.exec(readme())![1]!;
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const shown = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    expect(code).toMatch(/\brun\(/);
    expect(section).not.toMatch(/traceBlocked/);
    const out = await runBlock(code, "hangs.mts");
    expect(out.code).toBe(2);
    expect(out.stderr.startsWith(shown)).toBe(true);
  });
});
