/**
 * The public surface is the documented one (issue: internals were public).
 *
 * Two checks over the published package:
 * - types: every member that `dist/*.d.ts` declares on an exported class has
 *   a doc comment and is neither `private` nor `protected` (TypeScript keeps
 *   the names of those in declarations, so users' autocomplete showed them);
 * - run time: every string-keyed member reachable on an exported class's
 *   prototypes, and on instances of them, is declared there. Internals are
 *   `#private` or keyed by a symbol, so nothing else can be reached by name.
 *
 * `npm test` builds dist/ before vitest runs.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as gochan from "gochan";
import * as testing from "gochan/testing";
import * as bullmq from "gochan/bullmq";

const dist = fileURLToPath(new URL("../../dist/", import.meta.url));
const entries = { gochan: "index.d.ts", "gochan/testing": "testing/index.d.ts", "gochan/bullmq": "bullmq/index.d.ts" } as const;
const modules: Record<keyof typeof entries, Record<string, unknown>> = { gochan, "gochan/testing": testing, "gochan/bullmq": bullmq };

interface Declared {
  /** Public member names, as declared (inherited ones included). */
  members: Set<string>;
  /** Members that break the rule, with why. */
  faults: string[];
}

/** Each exported class of each entry, with its declared members. */
function declaredClasses(): Map<string, Declared> {
  const files = Object.values(entries).map((f) => dist + f);
  const program = ts.createProgram(files, { strict: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const out = new Map<string, Declared>();
  for (const [entry, file] of Object.entries(entries)) {
    const source = program.getSourceFile(dist + file)!;
    const mod = checker.getSymbolAtLocation(source)!;
    for (let sym of checker.getExportsOfModule(mod)) {
      if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
      if (!(sym.flags & ts.SymbolFlags.Class)) continue;
      const type = checker.getDeclaredTypeOfSymbol(sym);
      const d: Declared = { members: new Set(), faults: [] };
      for (const p of checker.getPropertiesOfType(type)) {
        const name = p.getName();
        d.members.add(name);
        if (name.startsWith("__@") || name.startsWith("#")) continue; // symbol-keyed, or the #private marker
        const decl = p.declarations?.[0];
        const flags = decl === undefined ? 0 : ts.getCombinedModifierFlags(decl);
        if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) d.faults.push(`${name}: private or protected, yet in the published types`);
        const fromError = decl !== undefined && /lib\.es[\w.]*\.d\.ts$/.test(decl.getSourceFile().fileName);
        if (!fromError && ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === "") d.faults.push(`${name}: no doc comment`);
      }
      out.set(`${entry}:${sym.getName()}`, d);
    }
  }
  return out;
}

/** String-keyed members of `x`'s prototype chain, below Object's and Error's. */
function reachable(proto: object | null): string[] {
  const names: string[] = [];
  for (let p = proto; p !== null && p !== Object.prototype && p !== Error.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const n of Object.getOwnPropertyNames(p)) if (n !== "constructor") names.push(n);
  }
  return names;
}

const isClass = (v: unknown): v is abstract new (...args: never[]) => object =>
  typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));

/** An instance of each exported class that is cheap to make, to check its own fields too. */
function instances(): Record<string, () => object> {
  const g = gochan;
  return {
    Channel: () => new g.Channel<number>(1),
    WaitGroup: () => new g.WaitGroup(),
    Semaphore: () => new g.Semaphore(2),
    Mutex: () => new g.Mutex(),
    RWMutex: () => new g.RWMutex(),
    Once: () => new g.Once(),
    ErrGroup: () => new g.ErrGroup(),
    Timer: () => {
      const t = new g.Timer(1e6);
      t.stop();
      return t;
    },
    Ticker: () => {
      const t = new g.Ticker(1e6);
      t.stop();
      return t;
    },
    AfterFuncTimer: () => {
      const t = g.afterFunc(1e6, () => {});
      t.stop();
      return t;
    },
    Pool: () => {
      const p = new g.Pool<number, number>((j) => j);
      p.close();
      return p;
    },
    Mapped: () => g.map([], (j: number) => j),
    Limiter: () => new g.Limiter(10, 2),
    Reservation: () => new g.Limiter(10, 2).reserve(),
    Cond: () => new g.Cond(new g.Mutex()),
  };
}

describe("the public surface is the documented one", () => {
  it.skipIf(!existsSync(dist + "index.d.ts"))("every member an exported class declares in the published types is documented, and none is private or protected", () => {
    const faults: string[] = [];
    for (const [name, d] of declaredClasses()) for (const f of d.faults) faults.push(`${name}.${f}`);
    expect(faults).toEqual([]);
  });

  it.skipIf(!existsSync(dist + "index.d.ts"))("nothing undocumented on an exported class, or on an instance of one, is reachable by a string name", () => {
    const declared = declaredClasses();
    const make = instances();
    const undeclared: string[] = [];
    let classes = 0;
    for (const [entry, mod] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(mod)) {
        if (!isClass(value)) continue;
        classes++;
        const d = declared.get(`${entry}:${name}`);
        expect(d, `${entry}:${name} is exported at run time but not declared as a class`).toBeDefined();
        const seen = reachable(value.prototype as object);
        const factory = make[name];
        if (factory !== undefined && entry === "gochan") seen.push(...Object.getOwnPropertyNames(factory()));
        for (const m of new Set(seen)) if (!d!.members.has(m)) undeclared.push(`${entry}:${name}.${m}`);
      }
    }
    expect(classes).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });

  it("a channel's insides cannot be reached by name: C8 and C9 hold through the public surface", () => {
    const ch = new gochan.Channel<number>(1);
    ch.close();
    const any = ch as unknown as Record<string, unknown>;
    for (const name of ["sendNow", "recvNow", "isClosed", "buf", "count", "parkSend", "parkRecv", "unpark", "recvq", "sendq", "closed"]) {
      expect(any[name], name).toBeUndefined();
    }
    expect((ch.recvOnly() as unknown as Record<string, unknown>).channel).toBeUndefined();
    expect(() => ch.trySend(42)).toThrow("send on closed channel");
    expect(ch.len).toBe(0);
  });
});
