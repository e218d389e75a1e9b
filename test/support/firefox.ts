// A vitest browser provider for the system's Firefox (Debian's firefox-esr):
// vitest's own providers drive Firefox only through a browser build or a
// driver binary that a tool downloads, and this machine reaches neither. The
// test page needs no driver: vitest's page connects back to vitest's server
// and runs the tests itself, so the provider only opens it, in a headless
// Firefox of its own (a fresh profile per page), and ends that Firefox on
// close. What the provider cannot do is what a driver does (user events,
// screenshots, CDP); the browser suite uses none of them.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineBrowserProvider } from "@vitest/browser";

export const firefoxPath = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";

// A profile that starts on the page and reaches nothing else: no first-run
// pages, no updates, no telemetry, no safe-browsing or captive-portal checks.
const PREFS: Record<string, string | number | boolean> = {
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.startup.page": 0,
  "browser.aboutwelcome.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "app.update.auto": false,
  "app.update.checkInstallTime": false,
  "extensions.update.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.sessionstore.resume_from_crash": false,
};

interface Page {
  child: ChildProcess;
  profile: string;
}

class FirefoxProvider {
  readonly name = "firefox-system";
  readonly supportsParallelism = false;
  private readonly pages = new Map<string, Page>();

  getCommandsContext(): Record<string, unknown> {
    return {};
  }

  async openPage(sessionId: string, url: string): Promise<void> {
    this.end(sessionId);
    const profile = mkdtempSync(join(tmpdir(), "gochan-firefox-"));
    writeFileSync(join(profile, "user.js"), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(""));
    const child = spawn(firefoxPath, ["--headless", "--no-remote", "--new-instance", "--profile", profile, url], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MOZ_HEADLESS: "1", MOZ_CRASHREPORTER_DISABLE: "1" },
    });
    let said = "";
    child.stderr!.on("data", (d: Buffer) => (said = (said + String(d)).slice(-2000)));
    this.pages.set(sessionId, { child, profile });
    // Resolves once Firefox is running; vitest itself waits for the page to connect.
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (e) => reject(new Error(`firefox: could not start ${firefoxPath}: ${e.message}`)));
    });
    child.once("exit", (code) => {
      if (this.pages.get(sessionId)?.child === child && code !== 0 && code !== null) console.error(`firefox exited with code ${code}: ${said.trim()}`);
    });
  }

  private end(sessionId: string): void {
    const page = this.pages.get(sessionId);
    if (page === undefined) return;
    this.pages.delete(sessionId);
    page.child.kill("SIGTERM");
    page.child.once("exit", () => rmSync(page.profile, { recursive: true, force: true }));
  }

  async close(): Promise<void> {
    const exits = [...this.pages.values()].map((p) => new Promise<void>((resolve) => (p.child.exitCode !== null ? resolve() : p.child.once("exit", () => resolve()))));
    for (const id of [...this.pages.keys()]) this.end(id);
    await Promise.all(exits);
  }
}

/**
 * The provider for vitest.firefox.config.ts.
 *
 * @example
 * ```ts
 * browser: { enabled: true, provider: firefox(), instances: [{ browser: "firefox" }] }
 * ```
 */
export function firefox(): ReturnType<typeof defineBrowserProvider> {
  return defineBrowserProvider({ name: "firefox-system", supportedBrowser: ["firefox"], providerFactory: () => new FirefoxProvider() });
}
