import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["scripts/test-browser.mjs"], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", CHROMIUM_PATH: "/nonexistent/chromium", ...env },
  });

describe("scripts/test-browser.mjs without a Chromium", () => {
  it("under CI=true it fails, and says how to get Chromium", () => {
    const r = run({ CI: "true" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("/nonexistent/chromium");
    expect(r.stderr).toContain("apt-get install chromium");
    expect(r.stderr).toContain("CHROMIUM_PATH=");
    expect(r.stderr).toMatch(/README/);
  });

  it("without CI it skips, says how to get Chromium, and succeeds", () => {
    const r = run({});
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("apt-get install chromium");
  });
});
