// Runs a built browser app in headless Chromium (Debian's, as the browser
// suite does: never a browser a tool downloads) and returns what the app put
// in the page's title: "result: ..." once its jobs are done.
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser rows cannot run here ("" if they can). Under CI a missing Chromium is a failure, not a skip. */
export const noChromium = existsSync(chromiumPath) || process.env.CI ? "" : `no Chromium at ${chromiumPath} (Debian: apt-get install chromium, or set CHROMIUM_PATH)`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html", ".json": "application/json" };

/** Serves `dir` as static files on a free loopback port. */
export async function serveDir(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (name.endsWith("/")) name += "index.html";
    const path = join(dir, normalize(name).replace(/^(\.\.[/\\])+/, ""));
    readFile(path).then(
      (body) => res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/** Opens `url` in headless Chromium; resolves with the page's title once it starts with "result:", or rejects with the page's errors. */
export async function titleIn(url: string): Promise<string> {
  const { chromium } = await import("playwright");
  // Playwright gives each launch a fresh profile of its own (it refuses a --user-data-dir here).
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    // Not a timing window: the app sets the title when its jobs are done; the
    // wait only bounds how long a broken build may hang the test.
    await page.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title.startsWith("result:"), null, { timeout: 30_000 }).catch((e: unknown) => {
      throw new Error(`the app did not finish: ${String(e)}\npage errors: ${errors.join("\n") || "none"}`);
    });
    return await page.title();
  } finally {
    await browser.close();
  }
}
