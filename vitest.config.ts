import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

/** Tests and examples import "gochan" as a user would; this points it at src/. */
export const alias = [
  { find: /^gochan$/, replacement: src("index.ts") },
  { find: /^gochan\/(.*)$/, replacement: src("$1/index.ts") },
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/**/*.test.ts"],
    // Many tests start processes, threads or a Redis server, in parallel on
    // 2 cores: 5 s is too tight for them there, and a hang still fails.
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
