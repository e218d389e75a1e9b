// The playground's tests, in headless Chromium (Debian's, as the project's
// browser tests): builds the static site, serves dist/ on a loopback port,
// and drives the page. Every shipped example prints its expected output;
// the picture has the right lanes and channels; step and scrub reach the
// same states on every run; a deadlock shows Go's report; errors point at
// their line; a shared link and a trace recorded in Node open; TypeScript's
// checker marks type errors (and every example checks clean) and completes
// a channel's methods.
//
// PLAYGROUND_SCREENSHOTS=1 also saves the screenshots docs/playground.md shows.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const repo = resolve(root, "..");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  const msg = `playground tests: no Chromium at ${chromiumPath} (see "Set up" in the README)`;
  if (process.env.CI) {
    console.error(`${msg}; CI is set, so this is a failure.`);
    process.exit(1);
  }
  console.warn(`${msg}; skipped.`);
  process.exit(0);
}

const t0 = performance.now();
// The playground's own code, its harness and its examples type-check against the library's source.
const types = spawnSync("npx", ["--no-install", "tsc", "-p", "playground"], { cwd: repo, stdio: "inherit" });
if (types.status !== 0) {
  console.error("playground: type errors");
  process.exit(1);
}
const build = spawnSync("npx", ["--no-install", "vite", "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

// A static server for dist/: what any host would do.
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".png": "image/png" };
const dist = join(root, "dist");
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file = join(dist, path === "/" ? "index.html" : path);
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), "gochan-playground-"));
// A fresh profile per run (the user-data-dir), removed at the end.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pageErrors = [];
let page;
let crashes = 0;
let crashed = false;
async function newPage() {
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("crash", () => {
    crashes++;
    crashed = true;
    console.log("  (the page crashed)");
  });
}
await newPage();

async function open(hash = "") {
  await page.goto(`${url}${hash}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
}

async function runExample(id, { virtual = true, autoplay = false } = {}) {
  await page.evaluate((id) => window.playground.load(id), id);
  await page.setChecked("#virtual", virtual);
  await page.setChecked("#autoplay", autoplay);
  await page.click("#run");
  await page.waitForSelector("body[data-status=done]", { timeout: 60_000 });
  return { output: await page.textContent("#output"), status: await page.textContent("#status"), outcome: await page.getAttribute("body", "data-outcome") };
}

/** The type errors of the editor's text as it is now, once the checker has checked that very text. */
async function typeErrors() {
  await page.waitForSelector("body[data-checker=ready], body[data-checker=failed]", { timeout: 60_000 });
  assert.equal(await page.getAttribute("body", "data-checker"), "ready", "the type checker started");
  const v = await page.evaluate(() => window.playground.version());
  await page.waitForSelector(`body[data-checked="${v}"]`, { timeout: 60_000 });
  return page.evaluate(() => window.playground.typeErrors());
}

const view = () =>
  page.evaluate(() => ({
    step: document.getElementById("picture").dataset.step,
    lanes: [...document.querySelectorAll("#lanes li")].map((l) => l.textContent),
    chans: [...document.querySelectorAll("#chans li")].map((c) => c.textContent),
    caption: document.getElementById("caption").textContent,
  }));

const results = [];
async function test(name, fn) {
  const t = performance.now();
  try {
    // A page that crashed (a renderer killed on a loaded machine) is replaced, and the test says so.
    if (crashed || page.isClosed()) {
      crashed = false;
      await page.close().catch(() => undefined);
      await newPage();
      await open();
    }
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${Math.round(performance.now() - t)} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  FAIL  ${name}\n${String(e?.stack ?? e).replace(/^/gm, "        ")}`);
  }
}

try {
  await open();
  const examples = await page.evaluate(() => window.playground.examples.map((e) => ({ id: e.id, expected: e.expected, go: e.go })));

  await test("ships the four seeds and a dozen classic programs, each with its Go original", async () => {
    assert.ok(examples.length >= 16, `${examples.length} examples`);
    for (const s of ["seed000", "seed001", "seed002", "seed003"]) assert.ok(examples.some((e) => e.id.includes(s)), s);
    for (const e of examples) {
      assert.match(e.go, /^package main/m, `${e.id} has its Go original`);
      assert.ok(e.expected.length > 0, `${e.id} has its expected output`);
    }
  });

  for (const [i, ex] of examples.entries()) {
    // A fresh page now and then: every run compiles anew, and the compiler's memory only grows.
    if (i > 0 && i % 6 === 0) await open();
    await test(`example ${ex.id} prints its Go original's output`, async () => {
      const r = await runExample(ex.id);
      assert.equal(r.output, ex.expected);
      assert.equal(r.outcome, ex.id.includes("deadlock") ? "deadlock" : "ok", r.status);
    });
  }

  await test("the same program on real time prints the same output", async () => {
    for (const id of ["05-goroutines", "06-unbuffered", "00-seed000-worker-pool"]) {
      const ex = examples.find((e) => e.id === id);
      const r = await runExample(id, { virtual: false });
      assert.equal(r.output, ex.expected, id);
    }
  });

  await test("on real time, a deadlock is found by run()'s watchdog and reported as Go does", async () => {
    const r = await runExample("01-seed000-deadlock", { virtual: false });
    assert.equal(r.outcome, "deadlock");
    assert.match(r.output, /^fatal error: all goroutines are asleep - deadlock!$/m);
    assert.match(r.output, /^goroutine 1 \[WaitGroup\.wait\]:\n\ton WaitGroup counter 3, 1 waiting\n\tat program\.ts:34 /m);
  });

  await open();
  await test("seed 000's picture: main and 3 workers, the jobs and results channels", async () => {
    await runExample("00-seed000-worker-pool");
    await page.evaluate(() => window.playground.go(window.playground.stops().length - 1));
    const pic = await page.$eval("#picture", (p) => ({ lanes: p.dataset.lanes, chans: p.dataset.chans }));
    assert.deepEqual(pic, { lanes: "4", chans: "2" });
    const names = await page.$$eval("#lanes li", (ls) => ls.map((l) => l.dataset.lane));
    assert.deepEqual(names, ["main", "worker 0", "worker 1", "worker 2"]);
    const chans = await page.$$eval("#chans li", (cs) => cs.map((c) => c.dataset.chan));
    assert.deepEqual(chans, ["jobs", "results"]);
    assert.match((await view()).chans[0], /✕ closed/);
  });

  await test("the prime sieve's picture: main, generate and 10 filters; 11 channels", async () => {
    await runExample("16-prime-sieve");
    await page.evaluate(() => window.playground.go(window.playground.stops().length - 1));
    const pic = await page.$eval("#picture", (p) => ({ lanes: p.dataset.lanes, chans: p.dataset.chans }));
    assert.deepEqual(pic, { lanes: "12", chans: "11" });
    const names = await page.$$eval("#lanes li", (ls) => ls.map((l) => l.dataset.lane));
    assert.deepEqual(names, ["main", "generate", ...[2, 3, 5, 7, 11, 13, 17, 19, 23, 29].map((p) => `filter ${p}`)]);
    // Main has returned and the program ends there, as in Go: the filters
    // and the generator are still alive (blocked, or runnable).
    const states = await page.$$eval("#lanes li", (ls) => ls.map((l) => l.dataset.state));
    assert.equal(states[0], "done");
    assert.ok(states.slice(1).every((s) => s === "blocked" || s === "running"), states.join());
    assert.ok(states.filter((s) => s === "blocked").length >= 6, states.join());
  });

  await test("goroutines started with wg.go(fn, name) get their lanes (unnamed: goroutine)", async () => {
    const code = `import { Channel, WaitGroup, run } from "gochan";

run(async () => {
  const ch = new Channel<number>(0, { name: "ch" });
  const wg = new WaitGroup();
  void wg.go(async () => {
    for (let i = 0; i < 3; i++) await ch.send(i);
    ch.close();
  }, "sender");
  void wg.go(async () => {
    for await (const v of ch) console.log(v);
  });
  await wg.wait();
});
`;
    await page.evaluate((c) => window.playground.setCode(c), code);
    await page.setChecked("#virtual", true);
    await page.setChecked("#autoplay", false);
    await page.click("#run");
    await page.waitForSelector("body[data-status=done]", { timeout: 60_000 });
    assert.equal(await page.textContent("#output"), "0\n1\n2\n");
    const names = await page.$$eval("#lanes li", (ls) => ls.map((l) => l.dataset.lane));
    assert.deepEqual(names, ["main", "sender", "goroutine"]);
  });

  await test("step and scrub reach the same states on every run (virtual time)", async () => {
    for (const id of ["00-seed000-worker-pool", "16-prime-sieve"]) {
      const runs = [];
      for (let k = 0; k < 2; k++) {
        await runExample(id);
        const events = await page.evaluate(() => JSON.stringify(window.playground.events()));
        const n = await page.evaluate(() => window.playground.stops().length - 1);
        const views = [];
        // Scrub: the range input, as a mouse or the keyboard moves it.
        for (const at of [0, 1, Math.floor(n / 3), Math.floor(n / 2), n]) {
          await page.$eval("#scrub", (el, v) => {
            el.value = String(v);
            el.dispatchEvent(new Event("input", { bubbles: true }));
          }, at);
          views.push(await view());
        }
        // Step: from the start, the Step button, and the keyboard on the scrub bar.
        await page.$eval("#scrub", (el) => {
          el.value = "0";
          el.dispatchEvent(new Event("input", { bubbles: true }));
        });
        for (let i = 0; i < 5; i++) await page.click("#step");
        const stepped = await view();
        await page.focus("#scrub");
        for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
        const keyed = await view();
        runs.push({ events, views, stepped, keyed });
      }
      assert.equal(runs[0].events, runs[1].events, `${id}: the same events`);
      assert.deepEqual(runs[0].views, runs[1].views, `${id}: the same pictures`);
      assert.equal(runs[0].stepped.step, "5");
      assert.equal(runs[0].keyed.step, "8");
      assert.deepEqual(runs[0].stepped, runs[1].stepped);
      assert.deepEqual(runs[0].keyed, runs[1].keyed);
      // Stepping to 5 and scrubbing to 5 draw the same picture.
      await page.$eval("#scrub", (el) => {
        el.value = "5";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
      assert.deepEqual(await view(), runs[1].stepped);
    }
  });

  await test("play runs the replay forward, pause stops it", async () => {
    await runExample("06-unbuffered", { autoplay: true });
    await page.selectOption("#speed", "100");
    await page.waitForFunction(() => Number(document.getElementById("picture").dataset.step) >= 5);
    await page.click("#play"); // pause
    const a = await page.$eval("#picture", (p) => p.dataset.step);
    await page.waitForTimeout(100);
    assert.equal(await page.$eval("#picture", (p) => p.dataset.step), a);
  });

  await test("a deadlocking program shows Go's report, and the lines it is stuck on", async () => {
    const r = await runExample("01-seed000-deadlock");
    assert.equal(r.outcome, "deadlock");
    assert.match(r.output, /^fatal error: all goroutines are asleep - deadlock!$/m);
    assert.match(r.output, /^goroutine 1 \[WaitGroup\.wait\]:\n\ton WaitGroup counter 3, 1 waiting\n\tat program\.ts:34 /m);
    assert.match(r.output, /^goroutine 2 \[chan receive\]:\n\ton chan jobs \(cap 5, len 0\)\n\tat program\.ts:6 /m);
    assert.ok((await page.$$(".cm-lintRange-error")).length >= 2, "the blocked lines are marked in the editor");
  });

  await test("a compile error is shown with its line", async () => {
    await page.evaluate(() => window.playground.load("07-buffered"));
    await page.evaluate(() => window.playground.setCode('import { run } from "gochan";\n\nrun(async () => {\n  const x = ;\n});\n'));
    await page.click("#run");
    await page.waitForSelector("body[data-status=done]");
    assert.match(await page.textContent("#output"), /^line 4:\d+: Unexpected ";"/);
    assert.match(await page.textContent("#status"), /Compile error on line 4/);
    assert.ok((await page.$$(".cm-lintRange-error")).length === 1);
  });

  await test("a thrown error is shown as a panic, with its line", async () => {
    await page.evaluate(() => window.playground.setCode('import { run, sleep } from "gochan";\n\nrun(async () => {\n  await sleep(10);\n  throw new Error("boom");\n});\n'));
    await page.focus(".cm-content");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("body[data-status=done]");
    const out = await page.textContent("#output");
    assert.match(out, /^panic: boom$/m);
    assert.match(out, /thrown on line 5/);
    assert.match(await page.textContent("#status"), /Stopped on line 5/);
  });

  await test("the editor completes what gochan exports", async () => {
    const names = await page.evaluate(() => window.playground.names().map((n) => n.label));
    for (const n of ["Channel", "select", "recv", "WaitGroup", "Mutex", "withTimeout", "synctest", "go", "run", "Ticker"]) assert.ok(names.includes(n), n);
    await page.evaluate(() => window.playground.setCode("import { run } from \"gochan\";\n"));
    await page.click(".cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("WaitG");
    // The list may first show for "W" alone (TypeScript's answer is a round trip to its worker): wait for the one for "WaitG".
    await page.waitForFunction(() => [...document.querySelectorAll(".cm-tooltip-autocomplete .cm-completionLabel")].some((l) => l.textContent === "WaitGroup"), null, { timeout: 10_000 });
    await page.keyboard.press("Escape");
  });

  await test("every shipped example type-checks clean", async () => {
    for (const ex of examples) {
      await page.evaluate((id) => window.playground.load(id), ex.id);
      assert.deepEqual(await typeErrors(), [], ex.id);
    }
  });

  await test("a type error is marked on its line with TypeScript's message, Run still runs, and the fix clears it", async () => {
    const program = (value) => `import { Channel, run } from "gochan";\n\nrun(async () => {\n  const ch = new Channel<number>(1);\n  await ch.send(${value});\n  console.log(await ch.recv());\n});\n`;
    await page.evaluate((code) => window.playground.setCode(code), program('"x"'));
    const errors = await typeErrors();
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].line, 5);
    assert.equal(errors[0].message, "Argument of type 'string' is not assignable to parameter of type 'number'.");
    assert.deepEqual(await page.$$eval(".cm-lintRange-warning", (ms) => ms.map((m) => m.textContent)), ['"x"']);
    assert.match(await page.textContent("#typecheck"), /1 type error .*line 5:17: Argument of type 'string' is not assignable to parameter of type 'number'\./);
    // Run is not blocked: the program runs as JavaScript would, and the mark stays.
    await page.click("#run");
    await page.waitForSelector("body[data-status=done]", { timeout: 60_000 });
    assert.equal(await page.textContent("#output"), "[ 'x', true ]\n");
    assert.equal((await page.$$(".cm-lintRange-warning")).length, 1);
    await page.evaluate((code) => window.playground.setCode(code), program("1"));
    assert.deepEqual(await typeErrors(), []);
    assert.equal((await page.$$(".cm-lintRange-warning")).length, 0);
    assert.equal(await page.textContent("#typecheck"), "No type errors.");
  });

  await test("completion after `ch.` offers a channel's methods, from TypeScript", async () => {
    await page.evaluate(() => window.playground.setCode('import { Channel, run } from "gochan";\n\nrun(async () => {\n  const ch = new Channel<number>(1);\n\n});\n'));
    await typeErrors();
    await page.click(".cm-content");
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.type("  ch.");
    // Typing "ch" may show a list of names first: wait for the list after the dot.
    await page.waitForFunction(() => [...document.querySelectorAll(".cm-tooltip-autocomplete .cm-completionLabel")].some((l) => l.textContent === "trySend"), null, { timeout: 10_000 });
    const offered = await page.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (ls) => ls.map((l) => l.textContent));
    for (const m of ["send", "recv", "close", "cap", "len", "trySend", "tryRecv"]) assert.ok(offered.includes(m), `${m} in ${offered.join()}`);
    assert.ok(!offered.includes("WaitGroup"), "only a channel's members after the dot");
    // The selected entry's signature and documentation, as TypeScript prints them.
    await page.waitForSelector(".cm-completionInfo", { timeout: 10_000 });
    assert.match(await page.textContent(".cm-completionInfo"), /Channel<number>\./);
    await page.keyboard.press("Escape");
  });

  await test("a shared link opens the same program", async () => {
    await page.evaluate(() => window.playground.load("13-pipeline"));
    await page.click("#share");
    await page.waitForSelector("#share-box:not([hidden])");
    const link = await page.inputValue("#share-url");
    assert.match(link, /#code=[\w-]+$/);
    const code = await page.evaluate(() => window.playground.code());
    await page.goto("about:blank");
    await page.goto(link);
    await page.waitForSelector("body[data-ready=true]");
    assert.equal(await page.evaluate(() => window.playground.code()), code);
    await open();
  });

  await test("a trace recorded with startTrace() in Node opens as the same picture", async () => {
    const file = join(profile, "trace.json");
    const rec = spawnSync("npx", ["--no-install", "tsx", join(here, "record-trace.ts"), file], { cwd: repo, stdio: "inherit" });
    assert.equal(rec.status, 0);
    await page.setInputFiles("#tracefile", file);
    await page.waitForSelector("body[data-outcome=trace]");
    await page.evaluate(() => window.playground.go(window.playground.stops().length - 1));
    const names = await page.$$eval("#lanes li", (ls) => ls.map((l) => l.dataset.lane));
    assert.deepEqual(names, ["main", "worker 0", "worker 1", "worker 2"]);
    const chans = await page.$$eval("#chans li", (cs) => cs.map((c) => c.dataset.chan));
    assert.deepEqual(chans, ["jobs", "results"]);
    assert.match((await view()).chans[0], /✕ closed/);
  });

  await test("fits laptop and projector sizes without sideways scrolling", async () => {
    for (const [w, h, big] of [[1280, 800, false], [1024, 768, true], [1920, 1080, true]]) {
      await page.setViewportSize({ width: w, height: h });
      const pressed = (await page.getAttribute("#bigger", "aria-pressed")) === "true";
      if (pressed !== big) await page.click("#bigger");
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(over <= 0, `${w}x${h}${big ? " projector" : ""}: ${over}px too wide`);
    }
    if ((await page.getAttribute("#bigger", "aria-pressed")) === "true") await page.click("#bigger");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await test("keyboard: every control is a focusable, labelled element", async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("button, select, input")].filter((el) => !el.hidden && !(el.textContent.trim() || el.closest("label") || el.getAttribute("aria-label"))).map((el) => el.id),
    );
    assert.deepEqual(unlabelled, []);
    await page.focus("#run");
    await page.keyboard.press("Enter");
    await page.waitForSelector("body[data-status=done]");
  });

  if (process.env.PLAYGROUND_SCREENSHOTS) {
    await test("screenshots for docs/playground.md", async () => {
      await open();
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.evaluate(() => (document.querySelector("#go-panel").open = false));
      await runExample("00-seed000-worker-pool");
      await page.evaluate(() => window.playground.go(15));
      await page.screenshot({ path: join(repo, "docs", "playground-seed000.png"), fullPage: true });
      await runExample("16-prime-sieve");
      await page.evaluate(() => window.playground.go(window.playground.stops().length - 1));
      await page.screenshot({ path: join(repo, "docs", "playground-sieve.png"), fullPage: true });
    });
  }
  await test("no uncaught error in the page, no crash", async () => {
    assert.deepEqual(pageErrors, []);
    assert.equal(crashes, 0);
  });
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok);
console.log(`playground: ${results.length - failed.length} of ${results.length} passed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed.length === 0 ? 0 : 1);
