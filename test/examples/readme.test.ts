import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("README", () => {
  it("its first code block runs as shown and prints the five results", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const file = join(mkdtempSync(join(tmpdir(), "gochan-readme-")), "first-screen.mts");
    writeFileSync(file, code);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(out.trim().split("\n").sort()).toEqual(["result 10", "result 2", "result 4", "result 6", "result 8"]);
  });
});
