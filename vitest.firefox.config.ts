import { defineConfig } from "vitest/config";
import { firefox } from "./test/support/firefox.js";
import { alias } from "./vitest.config.js";
import browser from "./vitest.browser.config.js";

// The browser suite again, in headless Firefox: Debian's firefox-esr (CI
// installs it), opened by test/support/firefox.ts, never a browser build
// that a tool downloads. The same files as in Chromium.
export default defineConfig({
  resolve: { alias },
  // test/browser/engine.test.ts checks that the page is this browser.
  define: { __GOCHAN_BROWSER__: JSON.stringify("firefox") },
  test: {
    include: browser.test!.include!,
    exclude: browser.test!.exclude!,
    browser: {
      enabled: true,
      headless: true,
      provider: firefox(),
      instances: [{ browser: "firefox" }],
    },
  },
});
