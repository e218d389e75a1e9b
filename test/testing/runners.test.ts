/**
 * The kit runs under vitest (every other file of test/testing) and under
 * node:test: test/testing/programs/node-kit.ts is run here by Node's own
 * runner in a child process, and must pass all of its tests.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("gochan/testing runs under node:test: synctest, a leak check in afterEach, a fast-check model run", async () => {
  const { code, out } = await new Promise<{ code: number; out: string }>((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "--test", "--test-reporter", "tap", "test/testing/programs/node-kit.ts"], { cwd: root, env: { ...process.env, GOCHAN_DEBUG: "" } }, (e, stdout, stderr) =>
      resolve({ code: e === null ? 0 : ((e as { code?: number }).code ?? 1), out: stdout + stderr }),
    ),
  );
  expect(out, out).toMatch(/# pass 4\b/);
  expect(out).toMatch(/# fail 0\b/);
  expect(code, out).toBe(0);
}, 60_000);
