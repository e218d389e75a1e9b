import { defineConfig } from "vite";

// The playground bundles the library's own source (../src) in the page, with
// esbuild-wasm, for every run: it always runs the real code of this checkout.
export default defineConfig({
  base: "./",
  server: { fs: { allow: [".."] } },
  // The type checker's worker imports typescript after the page is up: found that late, it would reload the page in dev.
  optimizeDeps: { include: ["typescript"] },
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 4000 },
});
