/**
 * A TypeScript handler on a Node that cannot strip types (Node 20), started
 * without a loader in each thread. Registering tsx in a thread costs that
 * thread hundreds of milliseconds (tsx's hooks run on a thread of their own,
 * one per worker), so the main thread, which runs under tsx or vitest
 * already, bundles the handler module to JavaScript once with esbuild (the
 * one tsx uses), and every thread loads that, as fast as a built handler.
 *
 * Invariants: the bundle behaves as the source would in a thread. A
 * package stays an import, of the very file Node would load for it (its
 * file URL, so the bundle may live in the temporary folder); tsconfig
 * "paths" are followed into the bundle; each module's import.meta.url,
 * dirname and filename are its source file's. Anything that fails here (no
 * esbuild, a syntax error) returns null, and the threads load the source
 * through tsx as before, so that an error is reported as it always was.
 */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}
interface Node {
  fs: {
    existsSync(p: string): boolean;
    mkdirSync(p: string, o: { recursive: true }): void;
    writeFileSync(p: string, s: string): void;
    renameSync(a: string, b: string): void;
    readFileSync(p: string, e: "utf8"): string;
  };
  url: { fileURLToPath(u: URL | string): string; pathToFileURL(p: string): URL };
  path: { join(...p: string[]): string; dirname(p: string): string };
  os: { tmpdir(): string };
  crypto: { createHash(a: string): { update(s: string): { digest(e: "hex"): string } } };
  module: { createRequire(p: string): (id: string) => unknown };
  cwd: string;
  pid: number;
}

function host(): Node | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; cwd?: () => string; pid?: number } }).process;
  const get = p?.getBuiltinModule;
  if (get === undefined) return null;
  return {
    fs: get("node:fs") as Node["fs"],
    url: get("node:url") as Node["url"],
    path: get("node:path") as Node["path"],
    crypto: get("node:crypto") as Node["crypto"],
    module: get("node:module") as Node["module"],
    os: get("node:os") as Node["os"],
    cwd: p!.cwd!(),
    pid: p!.pid ?? 0,
  };
}

const TS = /\.[cm]?tsx?$/;
const JS = /\.[cm]?jsx?$/;
const done = new Map<string, Promise<URL | null>>();

/**
 * `module` (and `entry`, when it is TypeScript) bundled to JavaScript, or
 * null where that cannot be done here. Once per URL and process.
 *
 * @param tsx the URL of tsx's API, whose esbuild is used; null to look from the working directory
 */
export async function prebuild(entry: URL, module: URL, tsx: string | null): Promise<{ entry: URL; module: URL } | null> {
  const node = host();
  if (node === null || module.protocol !== "file:") return null;
  // Only TypeScript is bundled: a JavaScript module loads as it is, and anything else is left for the thread to report.
  if (!TS.test(module.pathname) && !JS.test(module.pathname)) return null;
  const [e, m] = await Promise.all([TS.test(entry.pathname) ? bundle(node, entry, tsx) : entry, TS.test(module.pathname) ? bundle(node, module, tsx) : module]);
  return e === null || m === null ? null : { entry: e, module: m };
}

function bundle(node: Node, url: URL, tsx: string | null): Promise<URL | null> {
  let p = done.get(url.href);
  if (p === undefined) {
    p = build(node, url, tsx).catch(() => null);
    done.set(url.href, p);
  }
  return p;
}

async function build(node: Node, url: URL, tsx: string | null): Promise<URL | null> {
  const { fs, path } = node;
  const esbuild = node.module.createRequire(tsx !== null ? node.url.fileURLToPath(tsx) : path.join(node.cwd, "noop.js"))("esbuild") as Esbuild;
  const out = await esbuild.build({
    entryPoints: [node.url.fileURLToPath(url)],
    absWorkingDir: node.cwd,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
    plugins: [packagesByUrl(node), ownMeta(node)],
  });
  const code = out.outputFiles[0]!.text;
  const dir = path.join(node.os.tmpdir(), "gochan-threads");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${node.crypto.createHash("sha1").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    // Written whole, then renamed: another process may be writing the same file.
    const tmp = `${file}.${node.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  return node.url.pathToFileURL(file);
}

interface Resolved {
  path: string;
  external?: boolean;
  errors?: unknown[];
}
interface Build {
  onResolve(o: { filter: RegExp }, f: (a: { path: string; kind: string; resolveDir: string; pluginData?: unknown }) => Promise<Resolved | undefined> | undefined): void;
  resolve(path: string, o: { kind: string; resolveDir: string; pluginData: unknown }): Promise<Resolved>;
}

/**
 * A package (a bare import that resolves into node_modules) stays an import,
 * of the file Node would load, by its file URL; a bare import that
 * tsconfig "paths" maps to source is bundled; Node's built-ins stay as they are.
 */
function packagesByUrl(node: Node) {
  const inner = { gochanInner: true };
  return {
    name: "gochan-packages-by-url",
    setup(b: Build) {
      b.onResolve({ filter: /^[^./]/ }, async (a) => {
        if (a.pluginData === inner) return undefined;
        const r = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, pluginData: inner });
        if (r.errors !== undefined && r.errors.length > 0) return undefined; // esbuild reports it: prebuild falls back
        if (r.external === true) return { path: r.path, external: true };
        if (!/[\\/]node_modules[\\/]/.test(r.path)) return undefined; // a tsconfig path into source: bundled
        return { path: node.url.pathToFileURL(r.path).href, external: true };
      });
    },
  };
}

/** Each module's import.meta.url, dirname and filename stay its source file's, not the bundle's. */
function ownMeta(node: Node) {
  return {
    name: "gochan-import-meta",
    setup(b: { onLoad(o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: string } | undefined): void }) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (a) => {
        if (/[\\/]node_modules[\\/]/.test(a.path)) return undefined;
        const text = node.fs.readFileSync(a.path, "utf8");
        if (!text.includes("import.meta.")) return undefined;
        const contents = text
          .replaceAll("import.meta.url", JSON.stringify(node.url.pathToFileURL(a.path).href))
          .replaceAll("import.meta.dirname", JSON.stringify(node.path.dirname(a.path)))
          .replaceAll("import.meta.filename", JSON.stringify(a.path));
        const ext = /\.([cm]?)([jt]sx?)$/.exec(a.path)![2]!;
        return { contents, loader: ext };
      });
    },
  };
}
