import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `examples/<name>` as a program, as a reader would, with sleeps scaled down; returns its output lines. */
export function runExample(name: string, args: string[] = [], scale = "0.01"): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `examples/${name}`, ...args],
      { cwd: root, env: { ...process.env, GOCHAN_TIME_SCALE: scale }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} failed: ${error.message}\n${stderr}`));
        else resolve(stdout.trimEnd().split("\n"));
      },
    );
  });
}
