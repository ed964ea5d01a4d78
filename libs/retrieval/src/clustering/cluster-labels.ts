// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- stopword ships no types; this brings its declaration along when files are compiled one by one (bench)
/// <reference path="./stopword.d.ts" />
/**
 * Cluster labels from payload text by class-based TF-IDF, as BERTopic's ClassTfidfTransformer:
 * all texts of a cluster form one document; tf(t, c) is normalised per cluster (L1), and
 * idf(t) = log(1 + A / f(t)) with A the average number of words per cluster and f(t) the
 * frequency of t over all clusters. Noise (-1) takes part in the statistics but gets no label.
 */
import { eng as englishStopWords } from 'stopword';

export interface ClusterLabelOptions {
  /** Words per label, 2–4. Default 3. */
  termsPerCluster?: number;
  /** Shortest token kept. Default 3. */
  minTokenLength?: number;
  /** Extra words to ignore (lowercase). */
  stopWords?: Iterable<string>;
}

export interface ClusterLabel {
  cluster: number;
  /** Top terms, best first. */
  terms: string[];
  /** c-TF-IDF score of each term. */
  scores: number[];
  /** Terms joined for display, e.g. "boundary · layer · flow". */
  label: string;
}

const EXTRA_STOP_WORDS = ['its', 'not', 'also', 'may', 'one', 'two', 'using', 'used', 'use', 'can', 'will', 'would', 'shall', 'upon', 'thus', 'however', 'therefore', 'whose', 'whom', 'within', 'without', 'via'];

/** Lowercase word tokens; numbers, tokens with digits and tokens shorter than `minLength` are dropped. */
export function tokenize(text: string, stopWords: ReadonlySet<string>, minLength = 3): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu)) {
    const token = match[0].replace(/['-]+$/u, '');
    if (token.length < minLength || /\p{N}/u.test(token) || stopWords.has(token)) continue;
    tokens.push(token);
  }
  return tokens;
}

export function defaultStopWords(extra: Iterable<string> = []): Set<string> {
  return new Set([...englishStopWords.map((word) => word.toLowerCase()), ...EXTRA_STOP_WORDS, ...extra]);
}

/**
 * Top c-TF-IDF terms of each cluster. `labels[i]` is the cluster of `texts[i]` (-1 = noise);
 * returns one entry per cluster id 0…max, in id order (terms empty when a cluster has no words).
 */
export function clusterLabels(texts: ArrayLike<string | null | undefined>, labels: ArrayLike<number>, options: ClusterLabelOptions = {}): ClusterLabel[] {
  if (texts.length !== labels.length) throw new RangeError(`got ${texts.length} texts for ${labels.length} labels`);
  const termsPerCluster = Math.min(4, Math.max(2, options.termsPerCluster ?? 3));
  const stopWords = defaultStopWords(options.stopWords);
  let clusterCount = 0;
  for (let i = 0; i < labels.length; i++) clusterCount = Math.max(clusterCount, labels[i] + 1);

  // Class ids: clusters 0…clusterCount−1, noise as class clusterCount.
  const classes = clusterCount + 1;
  const counts: Array<Map<string, number>> = Array.from({ length: classes }, () => new Map());
  const totalPerClass = new Float64Array(classes);
  const frequency = new Map<string, number>();
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (!text) continue;
    const cls = labels[i] < 0 ? clusterCount : labels[i];
    for (const token of tokenize(text, stopWords, options.minTokenLength)) {
      counts[cls].set(token, (counts[cls].get(token) ?? 0) + 1);
      frequency.set(token, (frequency.get(token) ?? 0) + 1);
      totalPerClass[cls]++;
    }
  }
  let averageWords = 0;
  for (const total of totalPerClass) averageWords += total;
  averageWords /= classes;

  const result: ClusterLabel[] = [];
  for (let cluster = 0; cluster < clusterCount; cluster++) {
    const scored: Array<[string, number]> = [];
    for (const [term, count] of counts[cluster]) {
      const tf = count / totalPerClass[cluster];
      scored.push([term, tf * Math.log(1 + averageWords / frequency.get(term)!)]);
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = scored.slice(0, termsPerCluster);
    result.push({ cluster, terms: top.map(([term]) => term), scores: top.map(([, score]) => score), label: top.map(([term]) => term).join(' · ') });
  }
  return result;
}
