import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (p: string) => readFileSync(join(root, p), "utf8");
const REPO = "https://github.com/gochan-js/gochan";

describe("the package as a new user meets it", () => {
  it("has an MIT LICENSE, as package.json says", () => {
    expect(existsSync(join(root, "LICENSE"))).toBe(true);
    const license = read("LICENSE");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 gochan contributors\n/);
    expect(license).toContain("THE SOFTWARE IS PROVIDED \"AS IS\"");
    expect(JSON.parse(read("package.json")).license).toBe("MIT");
  });

  it("package.json names the repository, the homepage and where to report bugs", () => {
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.repository).toEqual({ type: "git", url: `git+${REPO}.git` });
    expect(pkg.homepage).toBe(`${REPO}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
  });

  it("every link in the README works on the registry's page too: absolute, or an anchor", () => {
    const links = [...read("README.md").matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l, l).toMatch(/^(https:\/\/|#)/);
    for (const l of links.filter((x) => x.startsWith(`${REPO}/blob/main/`))) {
      expect(existsSync(join(root, l.slice(`${REPO}/blob/main/`.length).replace(/#.*/, ""))), l).toBe(true);
    }
  });

  it("the README mentions the run(main)/blocked() diagnostics", () => {
    const readme = read("README.md");
    expect(readme).toContain("run(main)");
    expect(readme).toContain("blocked()");
  });

  it("the README's set-up section says how to get Chromium and Firefox for the browser tests", () => {
    const setUp = /## Set up\n([\s\S]*?)\n## /.exec(read("README.md"))![1]!;
    expect(setUp).toContain("apt-get install chromium firefox-esr");
    expect(setUp).toContain("CHROMIUM_PATH");
    expect(setUp).toContain("FIREFOX_PATH");
  });

  it("the API reference's landing page is the README", () => {
    expect(JSON.parse(read("typedoc.json")).readme).toBe("README.md");
  });
});

describe("docs/semantics.md states the contract itself", () => {
  const RULES = [
    ...Array.from({ length: 14 }, (_, i) => `C${i + 1}`),
    "X1",
    "X2",
    ...Array.from({ length: 6 }, (_, i) => `S${i + 1}`),
    ...Array.from({ length: 4 }, (_, i) => `W${i + 1}`),
    "D1",
    "D2",
    "D3",
    ...Array.from({ length: 5 }, (_, i) => `T${i + 1}`),
    ...Array.from({ length: 5 }, (_, i) => `M${i + 1}`),
    ...Array.from({ length: 6 }, (_, i) => `K${i + 1}`),
  ];
  const doc = read("docs/semantics.md");

  it.each(RULES)("states rule %s in words, not only where it is tested", (tag) => {
    const m = new RegExp(`^- \\*\\*${tag}\\.\\*\\* ([\\s\\S]*?)(?=\\n- \\*\\*|\\n\\n|(?![\\s\\S]))`, "m").exec(doc);
    expect(m, `no "- **${tag}.** ..." statement`).not.toBeNull();
    expect(m![1]!.split(/\s+/).length, tag).toBeGreaterThanOrEqual(10);
  });

  it("does not send readers to a contract file they do not have", () => {
    expect(doc).not.toMatch(/SEMANTICS\.md/);
  });
});

describe("docs/semantics.md states the rate-limit rules", () => {
  const doc = read("docs/semantics.md");

  it.each(["L1", "L2", "L3", "L4"])("states rule %s in words, not only where it is tested", (tag) => {
    const m = new RegExp(`^- \\*\\*${tag}\\.\\*\\* ([\\s\\S]*?)(?=\\n- \\*\\*|\\n\\n|(?![\\s\\S]))`, "m").exec(doc);
    expect(m, `no "- **${tag}.** ..." statement`).not.toBeNull();
    expect(m![1]!.split(/\s+/).length, tag).toBeGreaterThanOrEqual(10);
  });
});
