/** Seeded synthetic embedding collections for the embedding-map benchmark and tests. */
import { SeededRandom } from '../src/projection/random';

export interface SyntheticCollection {
  vectors: Float32Array;
  dims: number;
  /** Planted cluster of each row. */
  labels: Int32Array;
  /** A short text per row whose topic words identify its cluster. */
  texts: string[];
  /** The topic words planted in each cluster. */
  topicWords: string[][];
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor', 'fen', 'gal', 'hox', 'jun'];
const FILLER = ['the', 'report', 'shows', 'about', 'with', 'data', 'result', 'method', 'study', 'value', 'and', 'of', 'for', 'in'];

/** A pronounceable made-up word, so planted topics never collide with filler words. */
function syntheticWord(random: SeededRandom): string {
  let word = '';
  for (let i = 0; i < 3; i++) word += SYLLABLES[random.nextInt(SYLLABLES.length)];
  return word;
}

/**
 * n points around `clusters` Gaussian centres in d dimensions (unequal cluster sizes; centre spread
 * `separation` × the unit within-cluster noise), each with a text of filler plus its cluster's topic words.
 */
export function gaussianMixture(n: number, dims: number, clusters: number, seed: number, separation = 1.5): SyntheticCollection {
  const random = new SeededRandom(seed);
  const centres = new Float32Array(clusters * dims);
  for (let i = 0; i < centres.length; i++) centres[i] = random.nextGaussian() * separation;
  const weights = Array.from({ length: clusters }, () => 0.5 + random.nextFloat());
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push((sum + w) / totalWeight), sum + w), 0);
  const used = new Set<string>();
  const topicWords = Array.from({ length: clusters }, () =>
    Array.from({ length: 3 }, () => {
      let word = syntheticWord(random);
      while (used.has(word)) word = syntheticWord(random);
      used.add(word);
      return word;
    }),
  );

  const vectors = new Float32Array(n * dims);
  const labels = new Int32Array(n);
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = random.nextFloat();
    let cluster = cumulative.findIndex((c) => u < c);
    if (cluster < 0) cluster = clusters - 1;
    labels[i] = cluster;
    for (let j = 0; j < dims; j++) vectors[i * dims + j] = centres[cluster * dims + j] + random.nextGaussian();
    const words: string[] = [];
    for (let w = 0; w < 6; w++) words.push(FILLER[random.nextInt(FILLER.length)]);
    for (const topic of topicWords[cluster]) if (random.nextFloat() < 0.7) words.splice(random.nextInt(words.length + 1), 0, topic);
    texts.push(words.join(' '));
  }
  return { vectors, dims, labels, texts, topicWords };
}
