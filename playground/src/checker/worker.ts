/**
 * The type checker: TypeScript's language service in a Web Worker, so that
 * checking never holds the editor. It checks the program (/user.ts) against
 * the library's own source (/src/..., sent by the page: the code a run
 * compiles with) and the standard declarations (libs.ts), and answers
 * completions at a position. Loaded only once the page is up (client.ts):
 * the compiler is megabytes, and neither the first paint nor Run waits for it.
 */
import ts from "typescript";
import { LIB, libFiles } from "./libs.ts";
import { SUBPATHS, dirname, join, resolveFile } from "../vpath.ts";
import type { CompletionEntry, Reply, Request, TypeDiagnostic } from "./protocol.ts";

declare const self: { onmessage: ((e: { data: Request }) => void) | null; postMessage(m: Reply): void };

const USER = "/user.ts";
const files = new Map<string, string>(libFiles);
let code = "";
let version = 0;

/**
 * The options of a learner's program: strict, as the library is checked,
 * but without the library's extra index and optional-property rules, which
 * would flag `xs[i]` in a teaching program that runs as written.
 */
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: LIB,
  types: [],
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
};

const has = (p: string): boolean => p === USER || files.has(p);

/** As the compile resolves (compile.ts), except that `gochan` is the library itself, not the harness that wraps its run(). */
function resolve(spec: string, from: string): string | null {
  if (spec === "gochan") return "/src/index.ts";
  if (spec.startsWith("gochan/")) return SUBPATHS.includes(spec.slice(7)) ? `/src/${spec.slice(7)}/index.ts` : null;
  // The program may import only gochan; the library's files import each other.
  if (from === USER) return null;
  if (spec.startsWith("/")) return resolveFile(has, spec);
  if (spec.startsWith(".")) return resolveFile(has, join(dirname(from), spec));
  return null;
}

const host: ts.LanguageServiceHost = {
  getCompilationSettings: () => options,
  getScriptFileNames: () => [USER],
  // Only the program changes: every other file keeps its first parse.
  getScriptVersion: (f) => (f === USER ? String(version) : "0"),
  getScriptSnapshot: (f) => {
    const text = f === USER ? code : files.get(f);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => "/",
  getDefaultLibFileName: (o) => `/lib/${ts.getDefaultLibFileName(o)}`,
  fileExists: has,
  readFile: (f) => (f === USER ? code : files.get(f)),
  resolveModuleNameLiterals: (literals, containingFile) =>
    literals.map((lit) => {
      const f = resolve(lit.text, containingFile);
      return { resolvedModule: f === null ? undefined : { resolvedFileName: f, extension: ts.Extension.Ts } };
    }),
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());

function update(text: string): void {
  if (text === code) return;
  code = text;
  version++;
}

function diagnostics(): TypeDiagnostic[] {
  const all = [...service.getSyntacticDiagnostics(USER), ...service.getSemanticDiagnostics(USER)];
  return all.map((d) => ({
    start: d.start ?? 0,
    length: d.length ?? 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    code: d.code,
    severity: d.category === ts.DiagnosticCategory.Error ? "error" : d.category === ts.DiagnosticCategory.Warning ? "warning" : "info",
  }));
}

function completions(pos: number): { member: boolean; entries: CompletionEntry[] } {
  const r = service.getCompletionsAtPosition(USER, pos, { includeCompletionsWithInsertText: true });
  if (r === undefined) return { member: false, entries: [] };
  return { member: r.isMemberCompletion, entries: r.entries.map(entry) };
}

function entry(e: ts.CompletionEntry): CompletionEntry {
  const c: CompletionEntry = { name: e.name, kind: e.kind, sortText: e.sortText };
  if (e.insertText !== undefined) c.insertText = e.insertText;
  if (e.replacementSpan !== undefined) c.replace = e.replacementSpan;
  return c;
}

self.onmessage = ({ data: m }) => {
  try {
    if (m.t === "init") {
      for (const [path, text] of m.files) files.set(path, text);
      self.postMessage({ t: "ready" });
    } else if (m.t === "check") {
      update(m.code);
      self.postMessage({ t: "checked", version: m.version, diagnostics: diagnostics() });
    } else if (m.t === "complete") {
      update(m.code);
      self.postMessage({ t: "completions", id: m.id, ...completions(m.pos) });
    } else {
      update(m.code);
      const d = service.getCompletionEntryDetails(USER, m.pos, m.name, undefined, undefined, undefined, undefined);
      const text = d === undefined ? "" : [ts.displayPartsToString(d.displayParts), ts.displayPartsToString(d.documentation)].filter((s) => s !== "").join("\n\n");
      self.postMessage({ t: "detail", id: m.id, text });
    }
  } catch (e) {
    self.postMessage({ t: "failed", message: e instanceof Error ? e.message : String(e) });
    // A request still gets its answer, empty, so that the editor's completion does not wait for ever.
    if (m.t === "complete") self.postMessage({ t: "completions", id: m.id, member: false, entries: [] });
    else if (m.t === "detail") self.postMessage({ t: "detail", id: m.id, text: "" });
  }
};
