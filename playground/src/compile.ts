/**
 * Compiles a learner's program in the page: esbuild-wasm bundles it with
 * the library's own source (../src, read raw by Vite) and the harness, into
 * one script for a fresh iframe. Async functions are lowered to generators
 * (`supported`), so their continuations go through `Promise.prototype.then`,
 * which the iframe's prelude patches to carry the running goroutine: that is
 * how a browser, with no AsyncLocalStorage, tells goroutines apart.
 */
import * as esbuild from "esbuild-wasm";
import wasmURL from "esbuild-wasm/esbuild.wasm?url";
import { SUBPATHS, dirname, join, resolveFile } from "./vpath.ts";

const library = import.meta.glob("../../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const harness = import.meta.glob("./harness/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** Virtual files: /src/... the library, /pg/... the harness, /user.ts the program. */
const files = new Map<string, string>();
for (const [k, v] of Object.entries(library)) files.set(k.replace(/^(\.\.\/)+src\//, "/src/"), v);
for (const [k, v] of Object.entries(harness)) files.set(k.replace(/^\.\/harness\//, "/pg/"), v);

let ready: Promise<void> | null = null;
export function initCompiler(): Promise<void> {
  ready ??= esbuild.initialize({ wasmURL, worker: true });
  return ready;
}

export interface CompileError {
  message: string;
  line: number;
  column: number;
}

export type Compiled = { ok: true; code: string; map: string } | { ok: false; errors: CompileError[] };

const has = (p: string): boolean => files.has(p);

/** The library's source, for the type checker: a program is checked against the code it runs with. */
export function librarySource(): Array<[string, string]> {
  return [...files].filter(([path]) => path.startsWith("/src/"));
}

const vfs: esbuild.Plugin = {
  name: "gochan-vfs",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const p = args.path;
      if (p === "gochan" || p === "gochan/runtime") return { path: p === "gochan" ? "/pg/gochan.ts" : "/pg/gochan-runtime.ts", namespace: "v" };
      if (p.startsWith("gochan/")) {
        const sub = p.slice("gochan/".length);
        if (!SUBPATHS.includes(sub)) return { errors: [{ text: `gochan has no subpath "${sub}" (it has ${SUBPATHS.join(", ")})` }] };
        return { path: `/src/${sub}/index.ts`, namespace: "v" };
      }
      if (p.startsWith("/")) {
        const f = resolveFile(has, p);
        if (f !== null) return { path: f, namespace: "v" };
      }
      if (p.startsWith(".")) {
        const f = resolveFile(has, join(dirname(args.importer), p));
        if (f !== null) return { path: f, namespace: "v" };
      }
      return { errors: [{ text: `cannot import "${p}" in the playground: only gochan and its subpaths are available` }] };
    });
    build.onLoad({ filter: /.*/, namespace: "v" }, (args) => ({ contents: files.get(args.path)!, loader: "ts" }));
  },
};

/** Bundles `source` (the learner's program) with the library and the harness. */
export async function compile(source: string): Promise<Compiled> {
  await initCompiler();
  files.set("/user.ts", source);
  try {
    const r = await esbuild.build({
      entryPoints: ["/pg/entry.ts"],
      bundle: true,
      write: false,
      format: "iife",
      target: "es2022",
      // Lowered to generators, so every continuation goes through then().
      supported: { "async-await": false, "async-generator": false, "for-await": false },
      sourcemap: "external",
      outfile: "/out.js",
      plugins: [vfs],
      logLevel: "silent",
    });
    const js = r.outputFiles.find((f) => f.path.endsWith(".js"))!;
    const map = r.outputFiles.find((f) => f.path.endsWith(".map"))!;
    return { ok: true, code: js.text, map: map.text };
  } catch (e) {
    const errs = (e as { errors?: esbuild.Message[] }).errors ?? [];
    if (errs.length === 0) return { ok: false, errors: [{ message: String(e), line: 0, column: 0 }] };
    return {
      ok: false,
      errors: errs.map((m) => ({
        message: m.text,
        line: m.location?.file === "v:/user.ts" || m.location?.file === "/user.ts" ? m.location.line : 0,
        column: m.location?.column ?? 0,
        file: m.location?.file,
      })),
    };
  }
}

/**
 * What gochan exports, for the editor's completion: each name of the
 * export lists of src/index.ts and of each subpath's index, with the
 * subpath it comes from (read from the library's source, so it is never stale).
 */
export function gochanNames(): Array<{ label: string; type: string; detail: string }> {
  const seen = new Map<string, { label: string; type: string; detail: string }>();
  for (const sub of ["", ...SUBPATHS]) {
    const text = files.get(sub === "" ? "/src/index.ts" : `/src/${sub}/index.ts`);
    if (text === undefined) continue;
    for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
      for (const part of m[2]!.split(",")) {
        const p = part.replace(/\/\/.*$/gm, "").trim();
        if (p === "") continue;
        const isType = m[1] !== undefined || p.startsWith("type ");
        const name = p.replace(/^type\s+/, "").split(/\s+as\s+/).pop()!.trim();
        if (!/^[A-Za-z_$][\w$]*$/.test(name) || seen.has(name)) continue;
        const type = isType ? "type" : /^[A-Z]/.test(name) ? "class" : "function";
        seen.set(name, { label: name, type, detail: sub === "" ? "gochan" : `gochan/${sub}` });
      }
    }
  }
  return [...seen.values()];
}
