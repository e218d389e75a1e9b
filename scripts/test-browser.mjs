// Runs the channel, select and waitgroup tests in headless Chromium
// (vitest.browser.config.ts). Without a Chromium on this machine it says so
// and skips, so `npm ci && npm test` still works on a fresh machine; under CI
// (CI=true), where .ci/run installs Chromium, a missing browser is a failure.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  // Both outcomes say how to get one: a first-time contributor meets this
  // message before the README's set-up section.
  const msg = [
    `browser tests: no Chromium at ${chromium}. To get one:`,
    `  - Debian: sudo apt-get install chromium   (installs /usr/bin/chromium)`,
    `  - any Chromium or Chrome already installed: CHROMIUM_PATH=/path/to/chromium npm test`,
    `  (see "Set up" in the README)`,
  ].join("\n");
  if (process.env.CI) {
    console.error(`${msg}\nCI is set, so the browser tests must run: failing. Unset CI to skip them locally.`);
    process.exit(1);
  }
  console.warn(`${msg}\nSkipped (CI is not set).`);
  process.exit(0);
}
const r = spawnSync("npx", ["--no-install", "vitest", "run", "--config", "vitest.browser.config.ts"], { stdio: "inherit" });
process.exit(r.status ?? 1);
