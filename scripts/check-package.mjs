// Checks the package as users get it: the packed tarball, installed into a
// fresh folder, imported through every subpath of "exports" from an ESM and a
// CommonJS consumer; errors thrown by one build recognised by the other's
// classes; every subpath's types under each of TypeScript's module
// resolutions, the legacy node10 included; then publint and arethetypeswrong
// (every resolution mode) on the same tarball. Run by `npm test` after the build.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
    console.error(`FAIL ${what}\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
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
// A thread pool from the installed package: the thread's entry must be found
// beside the built pool, from an ESM and from a CommonJS consumer alike.
writeFileSync(join(consumer, "double.mjs"), "export default (j) => j * 2;\n");
const threads = (load) => `
  ${load}
  const pool = new Pool(require("node:url").pathToFileURL(${JSON.stringify(join(consumer, "double.mjs"))}), { workers: 2 });
  for (let j = 1; j <= 10; j++) await pool.submit(j);
  pool.close();
  let sum = 0;
  for await (const r of pool.results) { if (r.status !== "done") throw r.error; sum += r.value; }
  if (sum !== 110) throw new Error("thread pool sum " + sum);
`;
check("ESM thread pool", () =>
  run(process.execPath, ["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);${threads('const { Pool } = await import("gochan/pool");')}`], consumer),
);
check("CJS thread pool", () =>
  run(process.execPath, ["-e", `(async () => {${threads('const { Pool } = require("gochan/pool");')}})().catch((e) => { console.error(e); process.exit(1); });`], consumer),
);
// gochan/bullmq with its optional peer absent (the consumer has no bullmq):
// importing works, and the first use says what to install.
const noBullmq = `
  const producer = new Producer("q");
  const e = await producer.wait().then(() => null, (x) => x);
  if (!e || !/npm install bullmq ioredis/.test(e.message)) throw new Error("expected the install hint, got " + e);
`;
check("ESM gochan/bullmq without bullmq installed", () =>
  run(process.execPath, ["--input-type=module", "-e", `import { Producer } from "gochan/bullmq";${noBullmq}`], consumer),
);
check("CJS gochan/bullmq without bullmq installed", () =>
  run(process.execPath, ["-e", `const { Producer } = require("gochan/bullmq"); (async () => {${noBullmq}})().catch((e) => { console.error(e); process.exit(1); });`], consumer),
);
// The dual-package hazard: an app that loads both builds (one through a
// dependency) must still be able to tell gochan's errors by instanceof.
const dual = `
  import { createRequire } from "node:module";
  import * as esm from "gochan";
  const cjs = createRequire(import.meta.url)("gochan");
  const caught = (fn) => { try { fn(); } catch (e) { return e; } throw new Error("did not throw: " + fn); };
  const provoke = (g) => ({
    SendOnClosedChannelError: () => { const ch = new g.Channel(); ch.close(); ch.trySend(1); },
    CloseOfClosedChannelError: () => { const ch = new g.Channel(); ch.close(); ch.close(); },
    NegativeWaitGroupCounterError: () => new g.WaitGroup().done(),
    ReleasedMoreThanHeldError: () => new g.Semaphore(1).release(),
    ModifyLimitWhileActiveError: () => { const eg = new g.ErrGroup(); void eg.go(() => new Promise(() => {})); eg.setLimit(1); },
  });
  if (cjs.Channel === esm.Channel) throw new Error("one copy only: the check proves nothing");
  for (const [from, to, what] of [[cjs, esm, "CJS error, ESM class"], [esm, cjs, "ESM error, CJS class"]]) {
    for (const [name, fn] of Object.entries(provoke(from))) {
      if (!(caught(fn) instanceof to[name])) throw new Error(what + ": not instanceof " + name);
    }
    if (!(caught(provoke(from).CloseOfClosedChannelError) instanceof to.ChannelError)) throw new Error(what + ": not instanceof ChannelError");
  }
`;
check("errors instanceof across the ESM and CommonJS builds", () =>
  run(process.execPath, ["--input-type=module", "-e", dual], consumer),
);

// gochan/testing loads without fast-check (an optional peer dependency): synctest
// and the leak check work, and only fastCheckKit(fc) needs the fc a test passes in.
const bubble = `
  const ok = await synctest(async () => { await sleep(60_000); const [d] = await after(1000).recv(); return d.toISOString(); });
  if (ok !== "2000-01-01T00:01:01.000Z") throw new Error("virtual time: " + ok);
  const leaks = trackLeaks(); const ch = new Channel(0, { name: "leak" }); void ch.send(1);
  const e = await leaks.check().then(() => null, (x) => x);
  if (e === null || !e.message.includes("chan leak")) throw new Error("leak not found");
  leaks.stop(); void ch.recv();
`;
check("gochan/testing without fast-check installed (ESM)", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import("fast-check").then(() => process.exit(3), () => {})`], { cwd: consumer });
  if (r.status === 3) throw new Error("fast-check is installed in the consumer: the check proves nothing");
  run(process.execPath, ["--input-type=module", "-e", `import { synctest, trackLeaks } from "gochan/testing"; import { after, sleep } from "gochan/time"; import { Channel } from "gochan";${bubble}`], consumer);
});
check("gochan/testing without fast-check installed (CJS)", () =>
  run(process.execPath, ["-e", `const { synctest, trackLeaks } = require("gochan/testing"); const { after, sleep } = require("gochan/time"); const { Channel } = require("gochan"); (async () => {${bubble}})().catch((e) => { console.error(e); process.exit(1); });`], consumer),
);
// With fast-check beside it, as a user who writes property tests has it: the kit's model run, and its types.
run("ln", ["-s", join(root, "node_modules", "fast-check"), join(consumer, "node_modules", "fast-check")]);
check("gochan/testing's fast-check kit", () =>
  run(process.execPath, ["--input-type=module", "-e", `
    import fc from "fast-check"; import { Channel } from "gochan";
    import { ChannelModel, ChannelRun, fastCheckKit } from "gochan/testing";
    const kit = fastCheckKit(fc);
    await fc.assert(fc.asyncProperty(kit.capacity(), kit.commands({ maxCommands: 20 }), (cap, cmds) =>
      fc.asyncModelRun(() => ({ model: new ChannelModel(cap), real: new ChannelRun(new Channel(cap)) }), cmds)), { numRuns: 20 });
  `], consumer),
);

// Every subpath's types, as a TypeScript user compiles against them: "module":
// "commonjs" implies the legacy node10 resolution, which never reads "exports".
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const imports = subpaths.map((id, i) => `import * as m${i} from ${JSON.stringify(id)};\nexport const t${i}: object = m${i};`).join("\n");
writeFileSync(join(consumer, "types.ts"), `${imports}\nimport { Channel } from "gochan/channel";\nexport const n: number = new Channel<number>(1).cap;\n`);
const importsBut = subpaths.filter((id) => id !== "gochan/testing").map((id, i) => `import * as m${i} from ${JSON.stringify(id)};\nexport const t${i}: object = m${i};`).join("\n");
writeFileSync(join(consumer, "types-node10.ts"), `${importsBut}\n`);
writeFileSync(join(consumer, "types-testing.ts"), `import fc from "fast-check";\nimport { synctest, fastCheckKit, ChannelModel } from "gochan/testing";\nexport const p: Promise<number> = synctest(async () => 1);\nexport const k = fastCheckKit(fc).capacity();\nexport const m: number = new ChannelModel(1).cap;\n`);
for (const [name, flags] of [
  ["node10 (module commonjs)", ["--module", "commonjs"]],
  ["node16", ["--module", "node16", "--moduleResolution", "node16"]],
  ["nodenext", ["--module", "nodenext", "--moduleResolution", "nodenext"]],
  ["bundler", ["--module", "esnext", "--moduleResolution", "bundler"]],
]) {
  // fast-check 4's own declarations do not resolve under node10 (pure-rand's
  // types sit behind "exports"), so there gochan/testing, which names them,
  // is checked with skipLibCheck: the user's code against our types, not
  // fast-check's files.
  const node10 = name.startsWith("node10");
  check(`types of every subpath under ${name}${node10 ? " (gochan/testing with skipLibCheck)" : ""}`, () => {
    const tscRun = (file, skip) =>
      run(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", String(skip), "--target", "es2022", "--types", "node", "--typeRoots", join(root, "node_modules", "@types"), ...flags, file], consumer);
    if (!node10) return tscRun("types.ts", false);
    tscRun("types-node10.ts", false);
    tscRun("types-testing.ts", true);
  });
}

// gochan/runtime from the built package: a deadlock ends in Go's report and status 2.
check("runtime deadlock report", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", `import { run } from "gochan/runtime"; import { Channel } from "gochan"; await run(async () => { await new Channel(0, { name: "never" }).recv(); });`], { cwd: consumer, encoding: "utf8" });
  if (r.status !== 2 || !r.stderr.includes("all goroutines are asleep - deadlock!") || !r.stderr.includes("chan never")) {
    throw new Error(`status ${r.status}, stderr:\n${r.stderr}`);
  }
});
check("publint", () => run("npx", ["--no-install", "publint", "--strict", tarball]));
// The default (strict) profile checks every resolution mode: node10, node16 from CommonJS and ESM, bundler.
// arethetypeswrong is no dev dependency (with its own TypeScript, about 37 MB of
// npm ci): tools/checks has it (npm run checks:fetch; .ci/run fetches it), or the PATH.
const attw = [join(root, "tools/checks/node_modules/.bin/attw"), ...(process.env.PATH ?? "").split(":").map((d) => join(d, "attw"))].find((p) => existsSync(p));
if (attw !== undefined) check("arethetypeswrong", () => run(attw, [tarball, "--profile", "strict"]));
else if (process.env.CI) check("arethetypeswrong", () => {
  throw new Error("no attw: npm run checks:fetch installs it (CI is set, so this check must run)");
});
else console.warn("arethetypeswrong skipped: no attw here (npm run checks:fetch installs the pinned one)");

console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
