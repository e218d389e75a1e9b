// A TypeScript handler on a Node that cannot strip types (Node 20 here) is
// bundled to JavaScript once on the main thread (src/threads/prebuild.ts),
// so that no thread has to register tsx; the bundle behaves as the source.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Pool, type Result } from "gochan/pool";
import { ThreadLoadError } from "gochan/threads";

const typescriptInNode = Boolean((process as { features?: { typescript?: unknown } }).features?.typescript);

async function one<R>(url: URL): Promise<Result<number, R>> {
  const pool = new Pool<number, R>(url, { workers: 2 });
  await pool.submit(1);
  pool.close();
  const out: Array<Result<number, R>> = [];
  for await (const r of pool.results) out.push(r);
  const [r] = out;
  await pool.settled();
  return r!;
}

describe.skipIf(typescriptInNode)("a TypeScript handler where Node cannot strip types", { timeout: 30_000 }, () => {
  it("runs from a JavaScript bundle, yet sees its own import.meta.url, its packages and its tsconfig paths", async () => {
    const url = new URL("./handlers/meta.ts", import.meta.url);
    const r = await one<{ url: string; pLimit: string; transfer: string; stack: string }>(url);
    expect(r.status).toBe("done");
    expect(r.value!.url).toBe(url.href); // not the bundle's
    expect(r.value!.pLimit).toBe("function"); // a package: imported from node_modules as Node would
    expect(r.value!.transfer).toBe("function"); // "gochan/threads", a tsconfig path: bundled
    expect(r.value!.stack).toContain(join(tmpdir(), "gochan-threads")); // it ran from the bundle, not through tsx
  });

  it("a handler esbuild cannot bundle (a syntax error) is loaded by the thread as before, and says why", async () => {
    const dir = join(tmpdir(), `gochan-prebuild-${process.pid}`);
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "broken.mts"), "export default function (j: number) { return j *\n");
    const r = await one(new URL(`file://${join(dir, "broken.mts")}`));
    expect(r.status).toBe("failed");
    expect(r.error).toBeInstanceOf(ThreadLoadError);
    expect((r.error as ThreadLoadError).module).toContain("broken.mts");
  });
});
