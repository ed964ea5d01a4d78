/**
 * Seeded random numbers shared by the parts that sample or resample: connectors pick samples,
 * the statistics draw bootstrap and permutation resamples. mulberry32 is small and fast, the same
 * seed gives the same draws on every machine (so samples, intervals and p-values are
 * reproducible), and its 2^32 period is far beyond the draws one call makes. The map's own hot
 * loops use projection/random.ts, built to be inlined.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh 32-bit seed, for when the caller gave none (the cursor carries it so a resume repeats the picks). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/**
 * n distinct indices drawn uniformly from [0, total), ascending. Floyd's algorithm touches only
 * n slots, so picking 1,000 of 100 million costs 1,000 draws and no array of 100 million.
 */
export function sampleIndices(total: number, n: number, random: () => number): number[] {
  if (n >= total) return Array.from({ length: total }, (_, i) => i);
  const picked = new Set<number>();
  for (let j = total - n; j < total; j++) {
    const candidate = Math.floor(random() * (j + 1));
    picked.add(picked.has(candidate) ? j : candidate);
  }
  return [...picked].sort((a, b) => a - b);
}

/** Raw 32-bit draws from the same generator, for drawing many coin flips at once. */
export function seededUint32(seed: number): () => number {
  const next = seededRandom(seed);
  return () => Math.floor(next() * 4294967296);
}
