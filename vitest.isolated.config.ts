import { defineConfig } from "vitest/config";
import browser from "./vitest.browser.config.js";
import { alias } from "./vitest.config.js";

// The goroutine browser test again, on a cross-origin isolated page: the
// headers a page must send to get SharedArrayBuffer, and with it select
// across threads and the shared len and closed cells (docs/threads.md).
export default defineConfig({
  resolve: { alias },
  define: browser.define!,
  server: {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
  test: {
    include: ["test/goroutine/goroutine.browser.test.ts"],
    browser: browser.test!.browser!,
  },
});
