/**
 * The page's side of the type checker: starts its worker when asked (after
 * the page is up, so the compiler's megabytes never delay the first paint
 * or a Run), and turns requests into promises. Until the worker says it is
 * ready, `ready` is false and the editor keeps its plain name completion.
 */
import type { CompletionEntry, Reply, Request, TypeDiagnostic } from "./protocol.ts";

export interface Checked {
  version: number;
  diagnostics: TypeDiagnostic[];
}

export class Checker {
  ready = false;
  failed: string | null = null;
  #worker: Worker | null = null;
  #nextId = 1;
  #waiting = new Map<number, (r: Reply) => void>();
  #onChecked: (c: Checked) => void;
  #onState: () => void;

  /** `onChecked` gets each check's result; `onState` is told when the checker becomes ready or fails. */
  constructor(onChecked: (c: Checked) => void, onState: () => void) {
    this.#onChecked = onChecked;
    this.#onState = onState;
  }

  start(files: Array<[string, string]>): void {
    if (this.#worker !== null) return;
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "typescript" });
    this.#worker = w;
    w.onmessage = ({ data }: MessageEvent<Reply>) => this.#receive(data);
    w.onerror = (e) => this.#fail(e.message || "the type checker could not load");
    this.#post({ t: "init", files });
  }

  /** Checks `code`; the result comes to `onChecked`, tagged with `version`. */
  check(version: number, code: string): void {
    this.#post({ t: "check", version, code });
  }

  async complete(code: string, pos: number): Promise<{ member: boolean; entries: CompletionEntry[] }> {
    const r = await this.#ask((id) => ({ t: "complete", id, code, pos }));
    return r.t === "completions" ? r : { member: false, entries: [] };
  }

  /** A completion's signature and documentation, as TypeScript prints them. */
  async detail(code: string, pos: number, name: string): Promise<string> {
    const r = await this.#ask((id) => ({ t: "detail", id, code, pos, name }));
    return r.t === "detail" ? r.text : "";
  }

  #ask(req: (id: number) => Request): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#post(req(id));
    });
  }

  #post(m: Request): void {
    this.#worker?.postMessage(m);
  }

  #receive(r: Reply): void {
    if (r.t === "ready") {
      this.ready = true;
      this.#onState();
    } else if (r.t === "checked") this.#onChecked(r);
    else if (r.t === "failed") console.warn(`type checker: ${r.message}`);
    else {
      this.#waiting.get(r.id)?.(r);
      this.#waiting.delete(r.id);
    }
  }

  #fail(message: string): void {
    this.ready = false;
    this.failed = message;
    // Whoever waits for an answer gets an empty one.
    for (const [id, resolve] of this.#waiting) resolve({ t: "detail", id, text: "" });
    this.#waiting.clear();
    this.#onState();
  }
}
