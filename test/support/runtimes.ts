// Where the runtime tests find Deno and Bun. They are no dev dependencies
// (together about 200 MB, half of a clone's npm ci): DENO_BIN or BUN_BIN,
// else tools/runtimes (`npm run runtimes:fetch` installs the pinned ones
// there; .ci/run does), else the PATH. A test that needs a missing one skips,
// after one line that says how to get it; under CI the callers fail instead.
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The other runtimes the tests run programs on. */
export type OtherRuntime = "deno" | "bun";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary of `name` on this machine, or null; says once how to get it when there is none. */
export function runtimeBin(name: OtherRuntime): string | null {
  const fromEnv = process.env[`${name.toUpperCase()}_BIN`];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (existsSync(fromEnv)) return fromEnv;
    hint(name, `${name.toUpperCase()}_BIN=${fromEnv} does not exist`);
    return null;
  }
  const fetched = join(root, "tools/runtimes/node_modules/.bin", name);
  if (executable(fetched)) return fetched;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && executable(join(dir, name))) return join(dir, name);
  }
  hint(name, `no ${name} here`);
  return null;
}

const hinted = new Set<string>();
function hint(name: string, why: string): void {
  if (hinted.has(name)) return;
  hinted.add(name);
  console.warn(`${name} tests skipped: ${why} (npm run runtimes:fetch installs the pinned one, or set ${name.toUpperCase()}_BIN, or put it on the PATH)`);
}
