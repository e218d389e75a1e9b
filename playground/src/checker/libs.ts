/**
 * The standard declarations the checker reads: what a program in the
 * playground's iframe has (ES2023 and the DOM, as playground/tsconfig.json),
 * and the files those reference. Read raw at build time into the worker's
 * chunk, so the checker needs no network once loaded.
 */
const raw = import.meta.glob(
  [
    "/node_modules/typescript/lib/lib.es5.d.ts",
    "/node_modules/typescript/lib/lib.es20{15,16,17,18,19,20,21,22,23}{,.*}.d.ts",
    "!/node_modules/typescript/lib/lib.*.full.d.ts",
    "/node_modules/typescript/lib/lib.dom{,.iterable}.d.ts",
    "/node_modules/typescript/lib/lib.decorators{,.legacy}.d.ts",
    "/node_modules/typescript/lib/lib.esnext.disposable.d.ts",
  ],
  { query: "?raw", import: "default", eager: true },
) as Record<string, string>;

/** The `lib` compiler option: the roots; the rest follow by their references. */
export const LIB = ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts", "lib.esnext.disposable.d.ts"];

/** The declaration files, by the name the checker asks for (`/lib/lib.es5.d.ts`). */
export const libFiles: Array<[string, string]> = Object.entries(raw).map(([path, text]) => [`/lib/${path.slice(path.lastIndexOf("/") + 1)}`, text]);
