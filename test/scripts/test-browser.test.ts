import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["scripts/test-browser.mjs"], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", CHROMIUM_PATH: "/nonexistent/chromium", FIREFOX_PATH: "/nonexistent/firefox", ...env },
  });

describe("scripts/test-browser.mjs without a Chromium and a Firefox", () => {
  it("under CI=true it fails, and says how to get each browser", () => {
    const r = run({ CI: "true" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("/nonexistent/chromium");
    expect(r.stderr).toContain("apt-get install chromium");
    expect(r.stderr).toContain("CHROMIUM_PATH=");
    expect(r.stderr).toContain("/nonexistent/firefox");
    expect(r.stderr).toContain("apt-get install firefox-esr");
    expect(r.stderr).toContain("FIREFOX_PATH=");
    expect(r.stderr).toMatch(/README/);
  });

  it("without CI it skips both, says how to get each, and succeeds", () => {
    const r = run({});
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("apt-get install chromium");
    expect(r.stderr).toContain("apt-get install firefox-esr");
  });
});
