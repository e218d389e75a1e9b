/**
 * What gochan/runtime needs of the host, found at run time so that the
 * package has no static import of a Node module and still loads in a
 * browser: the process (to exit, and to hear that the event loop is empty),
 * AsyncLocalStorage (to tell tasks apart in a trace) and fs (to write one).
 */

/** The slice of Node's `process` that run() uses; Deno and Bun provide it too. */
export interface Proc {
  exitCode?: number | string | undefined;
  exit(code?: number): void;
  on(event: "beforeExit", listener: () => void): void;
  off(event: "beforeExit", listener: () => void): void;
  stdout: { write(s: string, cb?: () => void): boolean };
  stderr: { write(s: string, cb?: () => void): boolean };
  env: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
  versions?: { node?: string };
}

/** The process when there is one to exit (Node, Deno, Bun); null in a browser. */
export function proc(): Proc | null {
  const p = (globalThis as { process?: Proc }).process;
  return p !== undefined && typeof p.exit === "function" && typeof p.on === "function" && typeof p.versions?.node === "string" ? p : null;
}

/** A Node built-in module, or null where there is none (browsers, Node before 20.16). */
export function builtin<M>(id: string): M | null {
  try {
    return (proc()?.getBuiltinModule?.(id) as M | undefined) ?? null;
  } catch {
    return null;
  }
}

/** An environment variable, or undefined (no process, or no permission to read it). */
export function env(name: string): string | undefined {
  try {
    const deno = (globalThis as { Deno?: { permissions?: { querySync?(d: object): { state: string } } } }).Deno;
    if (deno !== undefined && deno.permissions?.querySync?.({ name: "env", variable: name }).state !== "granted") return undefined;
    return proc()?.env[name];
  } catch {
    return undefined;
  }
}

export interface Als<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

/** A new AsyncLocalStorage, or null where the host has none. */
export function asyncLocal<T>(): Als<T> | null {
  const m = builtin<{ AsyncLocalStorage: new () => Als<T> }>("node:async_hooks");
  return m === null ? null : new m.AsyncLocalStorage();
}

/** Writes a file (Node, Deno, Bun); false where there is no file system. */
export function writeFile(path: string, text: string): boolean {
  const fs = builtin<{ writeFileSync(p: string, s: string): void }>("node:fs");
  if (fs === null) return false;
  fs.writeFileSync(path, text);
  return true;
}

/** `path` made absolute against the working directory, for a message a user can click. */
export function absolute(path: string): string {
  const p = builtin<{ resolve(...s: string[]): string }>("node:path");
  return p === null ? path : p.resolve(path);
}
