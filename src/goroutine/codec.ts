/**
 * What a value becomes to cross to another thread, and back: a structured
 * clone, except that a channel (or a directional view of one) becomes a
 * handle to the same channel (G1), a WaitGroup a handle to the same
 * WaitGroup (waitgroup.ts), and an AbortSignal passed to a goroutine
 * becomes one that aborts on the goroutine's thread. A channel crosses as a
 * record carrying a fresh Port to its owner; the receiving thread
 * turns the record back into the owner's own channel (it came home) or into
 * a stand-in (remote.ts), one per channel per thread.
 *
 * Only arrays, plain objects, Maps and Sets are searched for channels, copy-on-write,
 * so a value without any is posted as it is; a message says whether it
 * holds handles, so the receiver searches only those that do.
 */
import { Channel, SHARE, VIEWED } from "../channel/internal.js";
import { BRAND } from "../channel/result.js";
import { decodeError, encodeError } from "../threads/errors.js";
import { takeTransfers } from "../threads/transfer.js";
import { UncloneableError } from "./errors.js";
import { serve } from "./host.js";
import { inboxOf } from "./inbox.js";
import { registry, unref } from "./registry.js";
import { FORWARD, RemoteChannel } from "./remote.js";
import { flushAll } from "./outbox.js";
import { portPair, type Port } from "./wire.js";
import { RemoteWaitGroup, serveWaitGroup } from "./waitgroup.js";
import { WaitGroup } from "../waitgroup/index.js";

const CHAN = "gochan.chan";
const SIGNAL = "gochan.signal";
const WAITGROUP = "gochan.waitgroup";

type Dir = "both" | "recv" | "send";

interface ChanRecord {
  [CHAN]: string;
  port: Port;
  cap: number;
  dir: Dir;
  cells: Int32Array | null;
  /** Lent values go back on this port, and credits taken are counted in `taken` (inbox.ts); null when the channel does not lend. */
  values: Port | null;
  taken: Int32Array | null;
  /** False for a record handed on by a thread that does not own the channel: the owner may not serve `values` yet (remote.ts). */
  direct: boolean;
}

interface SignalRecord {
  [SIGNAL]: Port | null;
  reason?: unknown;
}

/** A value ready to post: the value, what to move, and whether it holds handles. */
export interface Encoded {
  value: unknown;
  list: object[];
  handles: boolean;
}

/**
 * `value` ready to post. Signals are allowed only where a goroutine's
 * arguments cross (a channel's value is checked by `admit`, which refuses them).
 * @throws UncloneableError naming `what` if part of it cannot cross.
 */
export function encode(value: unknown, what: string, signals = false): Encoded {
  const out: Encoded = { value, list: [], handles: false };
  try {
    out.value = walk(value, out, signals);
  } catch (e) {
    throw e instanceof UncloneableError ? e : new UncloneableError(what, e);
  }
  return out;
}

/** A goroutine's outcome as its message carries it: the value it returned, or what it threw. */
export type Outcome = { ok: true; value: unknown; h: boolean } | { ok: false; error: unknown };

/** A goroutine's outcome ready to post (`ok`: it returned `v`, else it threw `v`); a value that cannot cross becomes the error. */
export function encodeOutcome(ok: boolean, v: unknown): { out: Outcome; list: object[] } {
  if (ok) {
    try {
      const e = encode(v, "goroutine result");
      return { out: { ok: true, value: e.value, h: e.handles }, list: e.list };
    } catch (error) {
      v = error;
    }
  }
  return { out: { ok: false, error: encodeError(v) }, list: [] };
}

/** The value a message carried; `handles` as the sender's {@link Encoded}. */
export function decode(value: unknown, handles: boolean): unknown {
  return handles ? unwalk(value) : value;
}

/**
 * Checks, on the owner's thread, that a value sent on a shared channel could
 * cross, before it enters the channel: a value that cannot fails its send
 * there (G2), not later at whichever thread receives it.
 */
export function admit(value: unknown): void {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function" || typeof value === "symbol") throw new UncloneableError("send", new TypeError(`${String(value).slice(0, 40)} could not be cloned`));
    return;
  }
  // Walked, not cloned: a clone per send costs ten times a send of a small
  // object. What the walk cannot judge (a Map, a class instance, a platform
  // object) is cloned alone.
  const bad = uncloneable(value, null);
  if (bad === null) return;
  try {
    structuredClone(bad);
  } catch (e) {
    throw new UncloneableError("send", e);
  }
}

/**
 * The part of `v` that the platform's clone must judge, or null if all of
 * it surely clones: numbers, strings, plain objects and arrays of them,
 * buffers, and the channels and WaitGroups that cross by handle.
 */
function uncloneable(v: unknown, seen: Set<object> | null): unknown {
  if (typeof v !== "object" || v === null) return typeof v === "function" || typeof v === "symbol" ? v : null;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date || channelIn(v) !== null || v instanceof WaitGroup) return null;
  const proto = Object.getPrototypeOf(v) as unknown;
  const array = Array.isArray(v);
  if (seen?.has(v)) return null; // a cycle clones
  if (v instanceof Map || v instanceof Set) {
    (seen ??= new Set()).add(v);
    for (const x of v instanceof Map ? [...v.keys(), ...v.values()] : v) {
      const bad = uncloneable(x, seen);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (!array && proto !== Object.prototype && proto !== null) return v;
  (seen ??= new Set()).add(v);
  for (const x of array ? (v as unknown[]) : Object.values(v)) {
    const bad = uncloneable(x, seen);
    if (bad !== null) return bad;
  }
  return null;
}

function walk(v: unknown, out: Encoded, signals: boolean): unknown {
  if (typeof v !== "object" || v === null) return v;
  const moved = takeTransfers(v);
  if (moved !== undefined) out.list.push(...moved);
  const found = channelIn(v);
  if (found !== null) {
    out.handles = true;
    return handle(found[0], found[1], out.list);
  }
  if (v instanceof WaitGroup) {
    out.handles = true;
    const port = serveWaitGroup(v);
    out.list.push(port);
    return { [WAITGROUP]: port };
  }
  if (signals && v instanceof AbortSignal) {
    out.handles = true;
    return signalRecord(v, out.list);
  }
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const e = walk(v[i], out, signals);
      if (e !== v[i]) (copy ??= v.slice())[i] = e;
    }
    return copy ?? v;
  }
  if (v instanceof Map) {
    let changed = false;
    const entries = [...v].map(([k, x]) => {
      const e: [unknown, unknown] = [walk(k, out, signals), walk(x, out, signals)];
      changed ||= e[0] !== k || e[1] !== x;
      return e;
    });
    return changed ? new Map(entries) : v;
  }
  if (v instanceof Set) {
    let changed = false;
    const items = [...v].map((x) => {
      const e = walk(x, out, signals);
      changed ||= e !== x;
      return e;
    });
    return changed ? new Set(items) : v;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return v;
  let copy: Record<string, unknown> | null = null;
  for (const [k, x] of Object.entries(v)) {
    const e = walk(x, out, signals);
    if (e !== x) (copy ??= { ...(v as Record<string, unknown>) })[k] = e;
  }
  return copy ?? v;
}

function unwalk(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (CHAN in v) return fromRecord(v as ChanRecord);
  if (SIGNAL in v) return fromSignal(v as SignalRecord);
  if (WAITGROUP in v) return new RemoteWaitGroup((v as { [WAITGROUP]: Port })[WAITGROUP]);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unwalk(v[i]);
    return v;
  }
  if (v instanceof Map) {
    const entries = [...v].map(([k, x]) => [unwalk(k), unwalk(x)] as const);
    v.clear();
    for (const [k, x] of entries) v.set(k, x);
    return v;
  }
  if (v instanceof Set) {
    const items = [...v].map(unwalk);
    v.clear();
    for (const x of items) v.add(x);
    return v;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) o[k] = unwalk(o[k]);
  return v;
}

/** The channel behind `v` and the direction it is held in, if `v` is a channel or a view (of any copy of gochan). */
function channelIn(v: object): [Channel<unknown>, Dir] | null {
  const brand = (v as { [BRAND]?: string })[BRAND];
  if (v instanceof Channel || brand === "channel") return [v as Channel<unknown>, "both"];
  if (brand === "recv-only") return [(v as { [VIEWED]: Channel<unknown> })[VIEWED], "recv"];
  if (brand === "send-only") return [(v as { [VIEWED]: Channel<unknown> })[VIEWED], "send"];
  return null;
}

function handle(ch: Channel<unknown>, dir: Dir, list: object[]): ChanRecord {
  if (ch instanceof RemoteChannel) {
    const f = ch[FORWARD]();
    list.push(f.port);
    if (f.values !== null) list.push(f.values);
    return { [CHAN]: ch.id, port: f.port, cap: ch.cap, dir, cells: ch.cells, values: f.values, taken: f.taken, direct: false };
  }
  let id = registry.ids.get(ch);
  const inbox = inboxOf(ch);
  if (id === undefined) {
    id = `${registry.thread}:${registry.next++}`;
    registry.ids.set(ch, id);
    registry.owned.set(id, ch);
    ch[SHARE](inbox);
  }
  const [port1, port2] = portPair();
  serve(ch, port1);
  list.push(port2);
  const v = inbox.open();
  if (v !== null) list.push(v.port);
  return { [CHAN]: id, port: port2, cap: ch.cap, dir, cells: inbox.cells, values: v?.port ?? null, taken: v?.taken ?? null, direct: true };
}

function fromRecord(r: ChanRecord): unknown {
  const id = r[CHAN];
  let ch: Channel<unknown> | undefined = registry.owned.get(id); // it came home
  if (ch === undefined) {
    const known = registry.stands.get(id)?.deref();
    if (known instanceof RemoteChannel) ch = known;
  }
  if (ch !== undefined) {
    r.port.close();
    r.values?.close();
  } else {
    const remote = new RemoteChannel<unknown>(id, r.port, r.cap, r.cells, r.values === null ? null : { port: r.values, taken: r.taken!, direct: r.direct });
    registry.stands.set(id, new WeakRef(remote));
    ch = remote;
  }
  return r.dir === "recv" ? ch.recvOnly() : r.dir === "send" ? ch.sendOnly() : ch;
}

function signalRecord(signal: AbortSignal, list: object[]): SignalRecord {
  if (signal.aborted) return { [SIGNAL]: null, reason: encodeError(signal.reason) };
  const [port1, port2] = portPair();
  const onAbort = () => {
    flushAll();
    port1.postMessage(encodeError(signal.reason));
    port1.close();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  unref(port1);
  list.push(port2);
  return { [SIGNAL]: port2 };
}

function fromSignal(r: SignalRecord): AbortSignal {
  const ac = new AbortController();
  const port = r[SIGNAL];
  if (port === null) ac.abort(decodeError(r.reason));
  else {
    port.onmessage = (e: { data: unknown }) => {
      ac.abort(decodeError(e.data));
      port.close();
    };
    unref(port);
  }
  return ac.signal;
}
