/**
 * A recorded run as a mermaid graph: seed 002's drawing of a worker pool
 * (jobs chan, workers, results chan), but measured. Tasks are rounded
 * nodes, channels square ones, as in the seed; a pool's workers sit in a
 * subgraph; each edge says how many values passed along it. Unnamed
 * channels that a single task used both ends of are left out (and counted
 * in a comment): they show no communication, and a pool with a timeout
 * makes one per job.
 */
import type { TraceData } from "./trace.js";

export function mermaid(data: TraceData): string {
  // An unnamed channel that only one task used carried nothing between
  // tasks (the pool's per-job outcome channel, say): it is left out, and counted.
  const touches = new Map<string, Set<string>>();
  for (const e of data.edges) {
    const [ch, task] = e.from.startsWith("c") ? [e.from, e.to] : [e.to, e.from];
    const set = touches.get(ch) ?? new Set<string>();
    set.add(task);
    touches.set(ch, set);
  }
  const named = new Set(data.channels.filter((c) => !/^chan \d+$/.test(c.name)).map((c) => `c${c.id}`));
  const privateChans = new Set([...touches].filter(([ch, tasks]) => tasks.size <= 1 && !named.has(ch)).map(([ch]) => ch));
  const shown = data.edges.filter((e) => !privateChans.has(e.from) && !privateChans.has(e.to));
  const used = new Set<string>();
  for (const e of shown) {
    used.add(e.from);
    used.add(e.to);
  }
  const lines = ["graph LR"];
  const text = (s: string) => s.replace(/"/g, "#quot;");
  const byPool = new Map<number, string[]>();
  for (const t of data.tasks) {
    const id = `t${t.id}`;
    if (!used.has(id)) continue;
    const node = `    ${id}("${text(t.name)}")`;
    if (t.pool !== undefined) {
      const list = byPool.get(t.pool) ?? [];
      list.push(node);
      byPool.set(t.pool, list);
    } else lines.push(node);
  }
  for (const [pool, nodes] of byPool) {
    lines.push(`    subgraph pool${pool} [${data.pools.length > 1 ? `Pool ${pool} workers` : "Pool workers"}]`, ...nodes.map((n) => `  ${n}`), "    end");
  }
  for (const c of data.channels) {
    const id = `c${c.id}`;
    if (!used.has(id)) continue;
    lines.push(`    ${id}["${text(c.name)} chan (cap ${c.cap})"]`);
  }
  // Sends before receives, each in order of first use, so the graph reads left to right.
  const edges = [...shown].sort((a, b) => Number(b.from.startsWith("t")) - Number(a.from.startsWith("t")));
  for (const e of edges) lines.push(`    ${e.from} -- ${e.count} --> ${e.to}`);
  if (privateChans.size > 0) lines.push(`    %% not drawn: ${privateChans.size} unnamed channel(s) that only one task used`);
  return lines.join("\n");
}
