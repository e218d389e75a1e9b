/**
 * The editor's completion: TypeScript's, from the type checker's worker,
 * so that `ch.` offers a channel's `send`, `recv`, `close`, ... and a
 * name offers what is in scope. Before the checker is ready (it loads after
 * the page), and besides its answers outside a member access, it offers
 * what gochan exports (compile.ts's `gochanNames`), so `WaitG` completes
 * even before `WaitGroup` is imported.
 */
import type { EditorView } from "@codemirror/view";
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import type { Checker } from "./checker/client.ts";

type Named = { label: string; type: string; detail: string };

/** TypeScript's kinds as CodeMirror draws them (its icons). */
const TYPE: Record<string, string> = {
  method: "method",
  property: "property",
  getter: "property",
  setter: "property",
  function: "function",
  "local function": "function",
  class: "class",
  "local class": "class",
  interface: "interface",
  type: "type",
  enum: "enum",
  "enum member": "enum",
  var: "variable",
  "local var": "variable",
  let: "variable",
  const: "constant",
  parameter: "variable",
  keyword: "keyword",
  module: "namespace",
  alias: "variable",
};

/** An entry whose text is not its name (`[Symbol.asyncIterator]`), put where TypeScript says. */
function applyText(text: string, span: { start: number; length: number } | undefined): (view: EditorView, c: Completion, from: number, to: number) => void {
  return (view, _c, from, to) => {
    const at = span === undefined ? { from, to } : { from: span.start, to: Math.max(to, span.start + span.length) };
    view.dispatch({ changes: { ...at, insert: text }, selection: { anchor: at.from + text.length } });
  };
}

export function completion(checker: Checker, names: readonly Named[]): CompletionSource {
  const fallback: Completion[] = names.map((n) => ({ label: n.label, type: n.type, detail: n.detail }));
  return async (cx: CompletionContext): Promise<CompletionResult | null> => {
    const word = cx.matchBefore(/[\w$]*/)!;
    const member = word.from > 0 && cx.state.sliceDoc(word.from - 1, word.from) === ".";
    if (!cx.explicit && word.from === word.to && !member) return null;
    if (!checker.ready) return member ? null : { from: word.from, options: fallback, validFor: /^[\w$]*$/ };
    const code = cx.state.doc.toString();
    const r = await checker.complete(code, cx.pos);
    if (cx.aborted) return null;
    const options: Completion[] = r.entries.map((e) => ({
      label: e.name,
      type: TYPE[e.kind] ?? "text",
      // TypeScript ranks what is closest first (locals, members: "11"); globals and keywords come after.
      boost: e.sortText < "12" ? 1 : 0,
      ...(e.insertText === undefined ? {} : { apply: applyText(e.insertText, e.replace) }),
      info: () => checker.detail(code, cx.pos, e.name).then((t) => (t === "" ? null : Object.assign(document.createElement("div"), { className: "ts-info", textContent: t }))),
    }));
    // gochan's names where a name may stand, never after a dot (what TypeScript did not offer there does not fit).
    if (!member && !r.member) {
      const known = new Set(options.map((o) => o.label));
      for (const f of fallback) if (!known.has(f.label)) options.push(f);
    }
    return { from: word.from, options, validFor: /^[\w$]*$/ };
  };
}
