/**
 * How imports resolve among the playground's virtual files (/src/... the
 * library, /pg/... the harness, /user.ts the program), shared by the
 * compile (compile.ts, esbuild) and the type checker (checker/worker.ts),
 * so that the two never disagree on what a program may import.
 */

/** The subpaths a program may import, as the package's exports map has them. */
export const SUBPATHS = ["channel", "select", "waitgroup", "semaphore", "errgroup", "pool", "threads", "goroutine", "runtime", "time", "sync", "rate", "context", "testing"];

/** The file an import names: as written, with `.js` read as `.ts`, or a folder's index.ts. */
export function resolveFile(has: (path: string) => boolean, path: string): string | null {
  const base = path.replace(/\.js$/, "");
  for (const c of [path, `${base}.ts`, `${base}/index.ts`]) if (has(c)) return c;
  return null;
}

export function dirname(p: string): string {
  return p.slice(0, p.lastIndexOf("/")) || "/";
}

export function join(dir: string, rel: string): string {
  const parts = dir.split("/").filter(Boolean);
  for (const s of rel.split("/")) {
    if (s === "..") parts.pop();
    else if (s !== "." && s !== "") parts.push(s);
  }
  return `/${parts.join("/")}`;
}
