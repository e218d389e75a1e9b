import { defineConfig } from "vite";

// The playground bundles the library's own source (../src) in the page, with
// esbuild-wasm, for every run: it always runs the real code of this checkout.
export default defineConfig({
  base: "./",
  server: { fs: { allow: [".."] } },
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 4000 },
});
