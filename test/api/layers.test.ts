/**
 * Data flows one way: integrations and the pool stand on sync, select, time
 * and the rest; those stand on the channel; the channel stands on the
 * kernel. A folder imports only from its own layer or the ones below it
 * (type imports included), so nothing reaches up into a layer that builds
 * on it. docs/architecture.md draws the same map.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

/** Each folder's layer: lower layers never import higher ones. */
const LAYER: Record<string, number> = {
  kernel: 0,
  channel: 1,
  select: 2,
  time: 2,
  sync: 2,
  waitgroup: 2,
  semaphore: 2,
  errgroup: 2,
  context: 2,
  rate: 2,
  runtime: 2,
  threads: 3,
  goroutine: 3,
  pool: 3,
  bullmq: 3,
  testing: 3,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("the layers of src/", () => {
  it("every folder of src/ has a layer", () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => LAYER[f] === undefined)).toEqual([]);
  });

  it("no file imports from a layer above its own (the kernel imports nothing outside itself)", () => {
    const upward: string[] = [];
    for (const file of files(src)) {
      const rel = file.slice(src.length);
      const folder = rel.split("/")[0]!;
      if (!rel.includes("/")) continue; // src/index.ts: the public surface, above everything
      for (const m of readFileSync(file, "utf8").matchAll(/from "\.\.\/([a-z]+)\//g)) {
        const target = m[1]!;
        if (LAYER[target]! > LAYER[folder]! || (folder === "kernel" && target !== "kernel")) upward.push(`${rel} imports ${target}/`);
      }
    }
    expect(upward).toEqual([]);
  });
});
