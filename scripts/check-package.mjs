// Checks the package as users get it: the packed tarball, installed into a
// fresh folder, imported through every subpath of "exports" from an ESM and a
// CommonJS consumer; then publint and arethetypeswrong on the same tarball.
// Run by `npm test` after the build.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const work = mkdtempSync(join(tmpdir(), "gochan-package-"));
const tarball = join(work, run("npm", ["pack", "--silent", "--pack-destination", work]).trim().split("\n").pop());
const consumer = join(work, "consumer");
run("mkdir", ["-p", consumer]);
writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarball], consumer);

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const subpaths = Object.keys(pkg.exports).filter((p) => p !== "./package.json").map((p) => p.replace(/^\./, "gochan"));
let passed = 0;
let failed = 0;
const check = (what, fn) => {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    console.error(`FAIL ${what}\n${e.stderr ?? e.message}`);
  }
};

for (const id of subpaths) {
  check(`ESM import ${id}`, () =>
    run(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(id)}); if (Object.keys(m).length === 0) throw new Error("no exports");`], consumer),
  );
  check(`CJS require ${id}`, () =>
    run(process.execPath, ["-e", `const m = require(${JSON.stringify(id)}); if (Object.keys(m).length === 0) throw new Error("no exports");`], consumer),
  );
}
const program = `
  const ch = new Channel(1);
  const r = select([recv(ch, (v) => v)]);
  await ch.send(21);
  if ((await r) !== 21) throw new Error("select did not receive");
  const wg = new WaitGroup();
  void wg.go(async () => ch.close());
  await wg.wait();
`;
check("ESM program", () =>
  run(process.execPath, ["--input-type=module", "-e", `import { Channel, select, recv, WaitGroup } from "gochan";${program}`], consumer),
);
check("CJS program", () =>
  run(process.execPath, ["-e", `const { Channel, select, recv, WaitGroup } = require("gochan"); (async () => {${program}})().catch((e) => { console.error(e); process.exit(1); });`], consumer),
);
// gochan/runtime from the built package: a deadlock ends in Go's report and status 2.
check("runtime deadlock report", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import { run } from "gochan/runtime"; import { Channel } from "gochan"; await run(async () => { await new Channel(0, { name: "never" }).recv(); });`], { cwd: consumer, encoding: "utf8" });
  if (r.status !== 2 || !r.stderr.includes("all goroutines are asleep - deadlock!") || !r.stderr.includes("chan never")) {
    throw new Error(`status ${r.status}, stderr:\n${r.stderr}`);
  }
});
check("publint", () => run("npx", ["--no-install", "publint", "--strict", tarball]));
// node16 and bundler resolution: subpaths exist only through "exports", which node10 never reads.
check("arethetypeswrong", () => run("npx", ["--no-install", "attw", tarball, "--profile", "node16"]));

console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
