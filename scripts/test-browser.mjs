// Runs the browser suite (the channel, select, time, waitgroup, thread pool
// and goroutine tests) in headless Chromium (vitest.browser.config.ts), on a
// cross-origin isolated page for the goroutine test (vitest.isolated.config.ts), then in
// headless Firefox (vitest.firefox.config.ts): Debian's packages, never a
// browser a tool downloads. A browser missing on this machine is skipped
// with a line that says how to get it, so `npm ci && npm test` still works
// on a fresh machine; under CI (CI=true), where .ci/run installs both, a
// missing browser is a failure. Each browser runs even when the other failed.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const browsers = [
  {
    name: "Chromium",
    path: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    env: "CHROMIUM_PATH",
    get: "sudo apt-get install chromium   (installs /usr/bin/chromium)",
    config: "vitest.browser.config.ts",
  },
  {
    // The goroutine test again on a cross-origin isolated page (SharedArrayBuffer: select across threads).
    name: "Chromium, cross-origin isolated",
    path: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    env: "CHROMIUM_PATH",
    get: "sudo apt-get install chromium   (installs /usr/bin/chromium)",
    config: "vitest.isolated.config.ts",
  },
  {
    name: "Firefox",
    path: process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr",
    env: "FIREFOX_PATH",
    get: "sudo apt-get install firefox-esr   (installs /usr/bin/firefox-esr)",
    config: "vitest.firefox.config.ts",
  },
];

let failed = false;
for (const b of browsers) {
  if (!existsSync(b.path)) {
    // Both outcomes say how to get one: a first-time contributor meets this
    // message before the README's set-up section.
    const msg = [
      `browser tests: no ${b.name} at ${b.path}. To get one:`,
      `  - Debian: ${b.get}`,
      `  - one already installed elsewhere: ${b.env}=/path/to/it npm test`,
      `  (see "Set up" in the README)`,
    ].join("\n");
    if (process.env.CI) {
      console.error(`${msg}\nCI is set, so the browser tests must run: failing. Unset CI to skip them locally.`);
      failed = true;
    } else console.warn(`${msg}\nSkipped (CI is not set).`);
    continue;
  }
  console.log(`browser tests in ${b.name} (${b.path})`);
  const r = spawnSync("npx", ["--no-install", "vitest", "run", "--config", b.config], { stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
