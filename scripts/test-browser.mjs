// Runs the channel, select and waitgroup tests in headless Chromium
// (vitest.browser.config.ts). Without a Chromium on this machine it says so
// and skips, so `npm ci && npm test` still works on a fresh machine; under CI
// (CI=true), where .ci/run installs Chromium, a missing browser is a failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const msg = `browser tests: no Chromium at ${chromium} (install Debian's "chromium" package, or set CHROMIUM_PATH)`;
  if (process.env.CI) {
    console.error(`${msg}: failing, as CI must run them`);
    process.exit(1);
  }
  console.warn(`${msg}: skipped`);
  process.exit(0);
}
const r = spawnSync("npx", ["--no-install", "vitest", "run", "--config", "vitest.browser.config.ts"], { stdio: "inherit" });
process.exit(r.status ?? 1);
