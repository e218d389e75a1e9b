import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

/** The runtimes the examples run under: Node always; Deno and Bun from their npm packages. */
export type Runtime = "node" | "deno" | "bun";
export const RUNTIMES: Runtime[] = ["node", ...(["deno", "bun"] as const).filter((r) => existsSync(bin(r)))];
// They are devDependencies, so `npm ci` installs them; in CI a missing one is a failure, not a skip.
if (process.env.CI && RUNTIMES.length < 3) {
  throw new Error(`examples: expected node, deno and bun, found only ${RUNTIMES.join(", ")}`);
}

/** The command line that runs `file` under `runtime`, from the repository root. */
export function command(runtime: Runtime, file: string): [string, string[]] {
  switch (runtime) {
    case "node":
      return [process.execPath, ["--import", "tsx", file]];
    case "bun": // Bun reads tsconfig.json's "paths", so `import ... from "gochan"` finds src/
      return [bin("bun"), [file]];
    case "deno": // test/runtimes/deno.json maps "gochan" to src/ and lets "./x.js" find x.ts
      return [bin("deno"), ["run", "--quiet", "--allow-env", "--allow-read", "--allow-sys", "--config", "test/runtimes/deno.json", file]];
  }
}

/** Runs `examples/<name>` as a program, as a reader would, with sleeps scaled down; returns its output lines. */
export function runExample(name: string, args: string[] = [], runtime: Runtime = "node", scale = "0.01"): Promise<string[]> {
  const [cmd, argv] = command(runtime, `examples/${name}`);
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      [...argv, ...args],
      { cwd: root, env: { ...process.env, GOCHAN_TIME_SCALE: scale, NO_COLOR: "1" }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} under ${runtime} failed: ${error.message}\n${stderr}`));
        else resolve(stdout.trimEnd().split("\n"));
      },
    );
  });
}
