/** Maps a line of the compiled run back to the learner's program, with the bundle's source map. */
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export interface MapLine {
  /** Per generated line: [generated column, source index, source line, source column]. */
  lines: number[][][];
  sources: string[];
}

export function parseMap(json: string): MapLine {
  const m = JSON.parse(json) as { sources: string[]; mappings: string };
  const lines: number[][][] = [];
  let src = 0;
  let sl = 0;
  let sc = 0;
  for (const line of m.mappings.split(";")) {
    const segs: number[][] = [];
    let gc = 0;
    for (const seg of line.split(",")) {
      if (seg === "") continue;
      const v: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      gc += v[0]!;
      if (v.length >= 4) {
        src += v[1]!;
        sl += v[2]!;
        sc += v[3]!;
        segs.push([gc, src, sl, sc]);
      }
    }
    lines.push(segs);
  }
  return { lines, sources: m.sources };
}

/** The program's line (1-based) for a generated line:column (1-based), or null when it is not the program's. */
export function userLine(map: MapLine, line: number, column: number): number | null {
  const segs = map.lines[line - 1];
  if (segs === undefined) return null;
  let best: number[] | undefined;
  for (const s of segs) if (s[0]! <= column - 1) best = s;
  best ??= segs[0];
  if (best === undefined || !/user\.ts$/.test(map.sources[best[1]!] ?? "")) return null;
  return best[2]! + 1;
}

/** The first line of the program in an error's stack. */
export function lineOfStack(map: MapLine, stack: string): number | null {
  for (const m of stack.matchAll(/gochan-run\.js:(\d+):(\d+)/g)) {
    const l = userLine(map, Number(m[1]), Number(m[2]));
    if (l !== null) return l;
  }
  return null;
}
