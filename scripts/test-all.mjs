// `npm test`: every check of the project, each run even when an earlier one
// failed, so one red check never hides the others' results. Prints a line per
// check (passed or failed, and how long it took) and exits non-zero at the
// end if any failed. A check that needs an earlier one's output (the package
// and browser checks read dist/) fails on its own when that output is missing.
import { spawnSync } from "node:child_process";

const steps = [
  ["typecheck", "npm", ["run", "--silent", "typecheck"]],
  ["build", "npm", ["run", "--silent", "build"]],
  ["unit tests (vitest)", "npx", ["vitest", "run"]],
  ["browser tests", "npm", ["run", "--silent", "test:browser"]],
  ["playground (headless Chromium)", "npm", ["run", "--silent", "test:playground"]],
  ["package", "npm", ["run", "--silent", "check:package"]],
  ["docs", "npm", ["run", "--silent", "check:docs"]],
];

const rows = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const ok = r.status === 0;
  rows.push({ name, ok, line: `${ok ? "passed" : "FAILED"}  ${name} (${s} s)${ok ? "" : r.error ? `: ${r.error.message}` : r.signal ? `: killed by ${r.signal}` : `: exit ${r.status}`}` });
}
console.log("\n=== npm test: summary");
for (const r of rows) console.log(r.line);
const failed = rows.filter((r) => !r.ok);
console.log(failed.length === 0 ? `all ${rows.length} checks passed` : `${failed.length} of ${rows.length} checks failed: ${failed.map((r) => r.name).join(", ")}`);
process.exit(failed.length === 0 ? 0 : 1);
