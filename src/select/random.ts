/**
 * The randomness of select: which ready case it takes (S2) and the order in
 * which a parked select's cases join their queues. `Math.random` unless
 * gochan/testing's seeded scheduler replaced it, so that a run found by a
 * property test replays exactly from its seed. Calling through this binding
 * costs what calling `Math.random` does.
 */

/** A number in [0, 1): `Math.random`, or the seeded generator of gochan/testing. @internal */
export let random: () => number = Math.random;

/** Replaces select's randomness (null puts `Math.random` back); returns what it replaced. @internal */
export function setRandom(f: (() => number) | null): () => number {
  const before = random;
  random = f ?? Math.random;
  return before;
}
