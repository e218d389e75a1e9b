/**
 * The bench's TypeScript as plain JavaScript, so that every measured child
 * process starts as bare `node`, with no loader in the process measured:
 * shared by the timing harness (run.ts) and the instruction counts
 * (instructions.ts).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Transpiles (no type check: `npm run typecheck` does that) every bench/*.ts
 * to bench/.out/<pid>/, this run's own copy (two runs at once do not collide),
 * and copies the plain .mjs beside them (the thread handler modules).
 */
export function transpileBench(): string {
  const out = join(here, ".out", String(process.pid));
  rmSync(out, { recursive: true, force: true });
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === ".out" || name === "types" || name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".mjs")) {
        const target = join(out, relative(here, path));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(path, target);
      } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) {
        const js = ts.transpileModule(readFileSync(path, "utf8"), {
          compilerOptions: {
            module: ts.ModuleKind.ESNext,
            target: ts.ScriptTarget.ES2022,
            verbatimModuleSyntax: true,
          },
          fileName: path,
        }).outputText;
        const target = join(out, relative(here, path)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, js);
      }
    }
  };
  walk(here);
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  return out;
}

