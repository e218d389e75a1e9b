/** The shipped examples: each a gochan program, its Go original, and the output both print. */
const ts = import.meta.glob("./examples/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const go = import.meta.glob("./examples/*.go", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const out = import.meta.glob("./examples/*.out", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export interface Example {
  id: string;
  title: string;
  code: string;
  go: string;
  expected: string;
}

export const examples: Example[] = Object.keys(ts)
  .sort()
  .map((path) => {
    const base = path.replace(/\.ts$/, "");
    const code = ts[path]!;
    const title = /^\/\/ (.*)/.exec(code)?.[1] ?? base;
    return { id: base.replace(/^\.\/examples\//, ""), title, code, go: go[`${base}.go`] ?? "", expected: out[`${base}.out`] ?? "" };
  });
