/**
 * Seeded pseudo-random numbers for reproducible maps.
 *
 * Hand-written rather than taken from a package: the UMAP optimisation draws hundreds of millions
 * of negative samples, so the generator must be a few integer operations the JIT can inline, and
 * its whole state must be plain numbers that a hot loop can copy into locals and back.
 * The algorithm is xorshift128 (Marsaglia 2003), seeded through splitmix32 so that nearby seeds
 * give unrelated streams.
 */
export class SeededRandom {
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next() | 1;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = this.s0 ^ (this.s0 << 11);
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.s2 = this.s3;
    // States stay int32 (never >>> 0) so hot loops that inline this keep them in integer registers.
    this.s3 = this.s3 ^ (this.s3 >>> 19) ^ (t ^ (t >>> 8));
    return this.s3 >>> 0;
  }

  /** Uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** Standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple). */
  nextGaussian(): number {
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A new generator whose stream depends on this one's, for handing to a sub-step. */
  fork(): SeededRandom {
    return new SeededRandom(this.nextUint32());
  }
}

/** `count` distinct indices from [0, n), sorted ascending (partial Fisher–Yates). */
export function sampleIndices(n: number, count: number, random: SeededRandom): Int32Array {
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(n - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, count).sort();
}
