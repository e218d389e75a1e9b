import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runtimeBin } from "../support/runtimes.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));
const bins = { deno: runtimeBin("deno"), bun: runtimeBin("bun") };
const bin = (name: "deno" | "bun") => bins[name]!;

/** The runtimes the examples run under: Node always; Deno and Bun where test/support/runtimes.ts finds them. */
export type Runtime = "node" | "deno" | "bun";
export const RUNTIMES: Runtime[] = ["node", ...(["deno", "bun"] as const).filter((r) => bins[r] !== null)];
// .ci/run fetches them (npm run runtimes:fetch), so in CI a missing one is a failure, not a skip.
if (process.env.CI && RUNTIMES.length < 3) {
  throw new Error(`examples: expected node, deno and bun, found only ${RUNTIMES.join(", ")} (npm run runtimes:fetch)`);
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
