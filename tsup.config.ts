import { defineConfig } from "tsup";

// One entry per public subpath of package.json's "exports"; shared code is
// split into chunks so `gochan` and `gochan/channel` share one Channel class.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "channel/index": "src/channel/index.ts",
    "select/index": "src/select/index.ts",
    "waitgroup/index": "src/waitgroup/index.ts",
    "semaphore/index": "src/semaphore/index.ts",
    "errgroup/index": "src/errgroup/index.ts",
    "pool/index": "src/pool/index.ts",
    "time/index": "src/time/index.ts",
    "sync/index": "src/sync/index.ts",
    "context/index": "src/context/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  clean: true,
  target: "es2022",
  sourcemap: false,
});
