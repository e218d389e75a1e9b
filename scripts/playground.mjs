// The playground (playground/, not part of the package) has its own
// dependencies, pinned by playground/package-lock.json. This installs them
// with `npm ci --prefix playground` when they are missing or older than the
// lock file, then runs one of:
//   dev    serve it with live reload (npm run playground)
//   build  write the static site to playground/dist (npm run playground:build)
//   test   its tests in headless Chromium (npm run test:playground, part of npm test);
//          they skip without a Chromium, as the browser tests do (and fail under CI=true)
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const what = process.argv[2];
const commands = {
  dev: ["npm", ["--prefix", "playground", "run", "dev"]],
  build: ["npm", ["--prefix", "playground", "run", "build"]],
  test: ["node", ["playground/test/playground.test.mjs"]],
};
if (!(what in commands)) {
  console.error(`usage: node scripts/playground.mjs ${Object.keys(commands).join("|")}`);
  process.exit(2);
}
const lock = "playground/package-lock.json";
const installed = "playground/node_modules/.package-lock.json";
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log("playground: installing its dependencies (npm ci --prefix playground)");
  const ci = spawnSync("npm", ["ci", "--prefix", "playground", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}
const [cmd, args] = commands[what];
const r = spawnSync(cmd, [...args, ...process.argv.slice(3)], { stdio: "inherit" });
process.exit(r.status ?? 1);
