import { defineConfig } from "tsup";

// One entry per public subpath of package.json's "exports"; shared code is
// split into chunks so `gochan` and `gochan/channel` share one Channel class.
// `threads/worker` and `goroutine/thread` are no subpaths: they are the files
// each pool thread and each goroutine thread start from, found beside the
// chunk that holds the pool or the goroutine threads (src/pool/threadcode.ts,
// src/goroutine/procs.ts).
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "channel/index": "src/channel/index.ts",
    "select/index": "src/select/index.ts",
    "waitgroup/index": "src/waitgroup/index.ts",
    "semaphore/index": "src/semaphore/index.ts",
    "errgroup/index": "src/errgroup/index.ts",
    "pool/index": "src/pool/index.ts",
    "threads/index": "src/threads/index.ts",
    "threads/worker": "src/threads/worker.ts",
    "goroutine/index": "src/goroutine/index.ts",
    "goroutine/thread": "src/goroutine/thread.ts",
    "runtime/index": "src/runtime/index.ts",
    "time/index": "src/time/index.ts",
    "sync/index": "src/sync/index.ts",
    "rate/index": "src/rate/index.ts",
    "context/index": "src/context/index.ts",
    "testing/index": "src/testing/index.ts",
    // bullmq is an optional peer: tsup leaves it external, and the subpath loads it on first use.
    "bullmq/index": "src/bullmq/index.ts",
  },
  format: ["esm", "cjs"],
  // `@internal` members (the channel handle, views' insides) are no part of the published types.
  dts: { compilerOptions: { stripInternal: true } },
  splitting: true,
  clean: true,
  target: "es2022",
  sourcemap: false,
  shims: true,
  // gochan/testing only names fast-check's types; it is an optional peer, never bundled.
  external: ["fast-check"],
  define: { __GOCHAN_THREAD_ENTRY__: JSON.stringify("./threads/worker.js"), __GOCHAN_GO_ENTRY__: JSON.stringify("./goroutine/thread.js") },
});
