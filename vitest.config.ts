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
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
