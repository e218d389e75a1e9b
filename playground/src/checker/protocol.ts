/**
 * The messages between the page and the type checker's worker (worker.ts).
 * The page sends the whole program with each request: programs are short,
 * and the worker then never holds a copy that drifted from the editor.
 */

/** Page → worker. */
export type Request =
  | { t: "init"; files: Array<[path: string, text: string]> }
  | { t: "check"; version: number; code: string }
  | { t: "complete"; id: number; code: string; pos: number }
  | { t: "detail"; id: number; code: string; pos: number; name: string };

/** One TypeScript diagnostic in the program, as offsets into the text checked. */
export interface TypeDiagnostic {
  start: number;
  length: number;
  message: string;
  /** TypeScript's error number, as in `TS2345`. */
  code: number;
  severity: "error" | "warning" | "info";
}

export interface CompletionEntry {
  name: string;
  /** TypeScript's ScriptElementKind ("method", "property", "class", ...). */
  kind: string;
  sortText: string;
  /** What to insert instead of the name, over `replace` if given (`[Symbol.iterator]` replaces the dot before it). */
  insertText?: string;
  replace?: { start: number; length: number };
}

/** Worker → page. */
export type Reply =
  | { t: "ready" }
  | { t: "checked"; version: number; diagnostics: TypeDiagnostic[] }
  | { t: "completions"; id: number; member: boolean; entries: CompletionEntry[] }
  | { t: "detail"; id: number; text: string }
  | { t: "failed"; message: string };
