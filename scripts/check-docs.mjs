// Builds the API reference (docs/api/, not committed) with TypeDoc, whose
// warnings are errors (typedoc.json), and checks that every exported symbol's
// comment carries an @example, as the project's style asks.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const json = join(mkdtempSync(join(tmpdir(), "gochan-api-")), "api.json");
execFileSync("npx", ["--no-install", "typedoc", "--json", json], { cwd: root, stdio: "inherit" });

const KINDS = { 32: "variable", 64: "function", 128: "class", 256: "interface", 2097152: "type" };
const missing = [];
let checked = 0;
(function walk(node, path) {
  for (const child of node.children ?? []) {
    const name = path ? `${path}/${child.name}` : child.name;
    if (KINDS[child.kind]) {
      checked++;
      const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)].filter(Boolean);
      if (!comments.some((c) => (c.blockTags ?? []).some((t) => t.tag === "@example"))) missing.push(`${KINDS[child.kind]} ${name}`);
    }
    if (child.kind === 2) walk(child, name); // a module: gochan/channel, gochan/select, ...
  }
})(JSON.parse(readFileSync(json, "utf8")), "");

for (const m of missing) console.error(`no @example: ${m}`);
console.log(`docs: ${checked - missing.length} passed, ${missing.length} failed`);
process.exit(missing.length === 0 ? 0 : 1);
