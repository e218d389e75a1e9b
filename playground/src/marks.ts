/**
 * The editor's marks, of two kinds kept apart and drawn together: what a
 * run found (a compile error, a panic's line, the lines a deadlock is stuck
 * on: red, they stopped the run) and what the type checker found (yellow:
 * TypeScript's complaints, which do not stop Run). Each kind is replaced on
 * its own (a new run, a new check) without wiping the other; both follow
 * edits until they are replaced.
 */
import { EditorView, type ViewUpdate } from "@codemirror/view";
import type { Extension } from "@codemirror/state";
import { setDiagnostics, type Diagnostic } from "@codemirror/lint";

export class Marks {
  #view: EditorView | null = null;
  #run: Diagnostic[] = [];
  #types: Diagnostic[] = [];

  /** Keeps both kinds on their text while it is edited. */
  readonly extension: Extension = EditorView.updateListener.of((u: ViewUpdate) => {
    if (!u.docChanged) return;
    // A mark whose text was deleted goes (a new example, a fixed typo), rather than sit empty where its text was.
    const map = (ds: Diagnostic[]): Diagnostic[] =>
      ds.flatMap((d) => {
        const from = u.changes.mapPos(d.from, 1);
        const to = Math.max(from, u.changes.mapPos(d.to, -1));
        return to === from && d.to > d.from ? [] : [{ ...d, from, to }];
      });
    this.#run = map(this.#run);
    this.#types = map(this.#types);
  });

  attach(view: EditorView): void {
    this.#view = view;
  }

  /** A run's marks, by line (a line's whole text). */
  setRun(marks: Array<{ line: number; message: string }>): void {
    const doc = this.#view!.state.doc;
    this.#run = marks
      .filter((m) => m.line >= 1 && m.line <= doc.lines)
      .map(({ line, message }): Diagnostic => {
        const l = doc.line(line);
        return { from: l.from, to: l.to, severity: "error", message };
      });
    this.#show();
  }

  setTypes(ds: Diagnostic[]): void {
    this.#types = ds;
    this.#show();
  }

  types(): readonly Diagnostic[] {
    return this.#types;
  }

  #show(): void {
    const v = this.#view!;
    const len = v.state.doc.length;
    const all = [...this.#run, ...this.#types].filter((d) => d.to <= len);
    v.dispatch(setDiagnostics(v.state, all));
  }
}
