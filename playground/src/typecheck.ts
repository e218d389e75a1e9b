/**
 * Checks the program as it is edited: a short pause after the last change,
 * the text goes to the type checker (checker/), and its diagnostics come
 * back as yellow marks in the editor and as the list under "Type check" in
 * the output column, each with its line. One check at a time; a check of
 * text that has changed since is dropped, and the newest text is checked
 * next. `body[data-checked]` is the version of the text last shown checked,
 * which the tests wait for (`version()` is the editor's current one).
 */
import { EditorView } from "@codemirror/view";
import type { Extension } from "@codemirror/state";
import type { Diagnostic } from "@codemirror/lint";
import { Checker, type Checked } from "./checker/client.ts";
import type { Marks } from "./marks.ts";

const PAUSE_MS = 300;

export class TypeCheck {
  readonly checker: Checker;
  #view: EditorView | null = null;
  #marks: Marks;
  #list: HTMLElement;
  #version = 0;
  #inFlight = false;
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Counts the editor's versions and checks each after a pause. */
  readonly extension: Extension = EditorView.updateListener.of((u) => {
    if (!u.docChanged) return;
    this.#version++;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#send(), PAUSE_MS);
  });

  constructor(marks: Marks, list: HTMLElement) {
    this.#marks = marks;
    this.#list = list;
    this.checker = new Checker(
      (c) => this.#checked(c),
      () => {
        document.body.dataset.checker = this.checker.failed !== null ? "failed" : "ready";
        if (this.checker.failed !== null) this.#list.textContent = `The type checker could not start: ${this.checker.failed}`;
        else this.#send();
      },
    );
  }

  attach(view: EditorView): void {
    this.#view = view;
  }

  /** The editor's text's version: `body[data-checked]` reaches it when that text has been checked. */
  version(): number {
    return this.#version;
  }

  /** Loads the checker (megabytes, in a worker) and checks the program; called once the page is up. */
  start(library: Array<[string, string]>): void {
    document.body.dataset.checker = "loading";
    this.#list.textContent = "Loading the type checker…";
    this.checker.start(library);
  }

  #send(): void {
    if (!this.checker.ready || this.#view === null) return;
    if (this.#inFlight) {
      this.#dirty = true;
      return;
    }
    this.#inFlight = true;
    this.#dirty = false;
    this.checker.check(this.#version, this.#view.state.doc.toString());
  }

  #checked({ version, diagnostics }: Checked): void {
    this.#inFlight = false;
    if (version === this.#version) {
      const ds = diagnostics.map(
        (d): Diagnostic => ({
          from: d.start,
          to: d.start + d.length,
          // Yellow, not red: a type error does not stop Run (see docs/playground.md).
          severity: d.severity === "error" ? "warning" : "info",
          source: `TypeScript TS${d.code}`,
          message: d.message,
        }),
      );
      this.#marks.setTypes(ds);
      this.#showList(ds);
      document.body.dataset.checked = String(version);
    }
    if (this.#dirty) this.#send();
  }

  /** Each problem with its line; a click puts the cursor there. */
  #showList(ds: readonly Diagnostic[]): void {
    const view = this.#view!;
    if (ds.length === 0) {
      this.#list.textContent = "No type errors.";
      return;
    }
    const ul = document.createElement("ul");
    for (const d of ds) {
      const line = view.state.doc.lineAt(d.from);
      const b = document.createElement("button");
      b.type = "button";
      b.className = "problem";
      b.textContent = `line ${line.number}:${d.from - line.from + 1}: ${d.message}`;
      b.addEventListener("click", () => {
        // The text may have changed since: a stale mark must not point past its end.
        const end = view.state.doc.length;
        view.dispatch({ selection: { anchor: Math.min(d.from, end), head: Math.min(d.to, end) }, scrollIntoView: true });
        view.focus();
      });
      const li = document.createElement("li");
      li.append(b);
      ul.append(li);
    }
    const n = ds.length;
    this.#list.replaceChildren(`${n} type error${n === 1 ? "" : "s"} (Run still runs the program):`, ul);
  }
}
