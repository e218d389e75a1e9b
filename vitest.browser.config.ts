import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { alias } from "./vitest.config.js";

// The channel, select, time and waitgroup tests again, in real headless Chromium:
// Debian's package (CI installs it), never a browser downloaded by a tool.
export default defineConfig({
  resolve: { alias },
  // test/browser/engine.test.ts checks that the page is this browser.
  define: { __GOCHAN_BROWSER__: JSON.stringify("chromium") },
  test: {
    include: ["test/{channel,select,time,waitgroup,browser}/**/*.test.ts", "test/pool/threads.browser.test.ts", "test/goroutine/goroutine.browser.test.ts"],
    // Node-only: it loads the CommonJS build with require.
    exclude: ["test/channel/dual.test.ts"],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
