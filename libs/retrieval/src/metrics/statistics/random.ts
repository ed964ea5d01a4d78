/**
 * A small seeded generator (mulberry32): the same seed gives the same bootstrap and permutation
 * draws on every machine, so reported intervals and p-values are reproducible. Its 2^32 period is
 * far beyond the draws one report makes.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => nextUint32() / 4294967296;

  function nextUint32(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** Raw 32-bit draws from the same generator, for drawing many coin flips at once. */
export function seededUint32(seed: number): () => number {
  const next = seededRandom(seed);
  return () => Math.floor(next() * 4294967296);
}
