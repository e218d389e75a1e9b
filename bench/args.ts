/**
 * The command-line flags of a bench script, checked: an unknown flag (a
 * typo, or `--help`) prints the usage and exits 2, where it used to start
 * the full run, which takes minutes and rewrites bench/results.json and
 * docs/benchmarks.md.
 */

/** A reader of `--name` / `--name=value` flags after checking every argument is one of `known`. */
export function flags(known: readonly string[], usage: string): (name: string) => string | undefined {
  const args = process.argv.slice(2);
  const bad = args.filter((a) => !known.some((k) => a === `--${k}` || a.startsWith(`--${k}=`)));
  if (bad.length > 0) {
    console.error(`unknown argument${bad.length > 1 ? "s" : ""}: ${bad.join(" ")}\nusage: ${usage}`);
    process.exit(2);
  }
  return (name) => {
    const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
    return a === undefined ? undefined : (a.split("=")[1] ?? "");
  };
}
