import { describe, expect, it } from 'vitest';
import { clusterLabels, defaultStopWords, tokenize } from '../../src';

describe('tokenize', () => {
  it('lowercases, drops stop words, numbers and short tokens', () => {
    expect(tokenize('The Wing-Body flow at Mach 2.5 and 300 km of 3d models, by NACA', defaultStopWords())).toEqual(['wing-body', 'flow', 'mach', 'models', 'naca']);
  });
});

describe('clusterLabels (c-TF-IDF)', () => {
  it('scores terms as BERTopic does: L1-normalised tf per class × log(1 + A / f)', () => {
    // Class 0: "alpha alpha beta"; class 1: "beta gamma"; noise: "gamma".
    const texts = ['alpha alpha', 'beta', 'beta gamma', 'gamma'];
    const labels = [0, 0, 1, -1];
    const [first, second] = clusterLabels(texts, labels, { termsPerCluster: 2 });
    // A = (3 + 2 + 1) / 3 = 2; f(alpha) = 2, f(beta) = 2, f(gamma) = 2.
    const idf = Math.log(1 + 2 / 2);
    expect(first.terms).toEqual(['alpha', 'beta']);
    expect(first.scores[0]).toBeCloseTo((2 / 3) * idf, 12);
    expect(first.scores[1]).toBeCloseTo((1 / 3) * idf, 12);
    expect(second.terms).toEqual(['beta', 'gamma']);
    expect(second.scores[0]).toBeCloseTo(0.5 * idf, 12);
    expect(second.label).toBe('beta · gamma');
  });

  it('prefers words that are specific to a cluster over words shared by all', () => {
    const texts = [
      ...Array.from({ length: 20 }, (_, i) => `turbulent boundary layer results ${i % 2 ? 'measured' : 'data'}`),
      ...Array.from({ length: 20 }, (_, i) => `shock wave supersonic results ${i % 2 ? 'measured' : 'data'}`),
    ];
    const labels = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
    const result = clusterLabels(texts, labels);
    expect(result[0].terms).toHaveLength(3);
    expect(result[0].terms.every((t) => ['turbulent', 'boundary', 'layer'].includes(t))).toBe(true);
    expect(result[1].terms.every((t) => ['shock', 'wave', 'supersonic'].includes(t))).toBe(true);
  });

  it('keeps 2–4 terms per cluster and tolerates empty texts', () => {
    const result = clusterLabels(['a b c', null, 'delta epsilon zeta eta theta'], [0, 0, 0], { termsPerCluster: 9 });
    expect(result[0].terms).toHaveLength(4);
    expect(clusterLabels(['', ''], [0, 0])[0].terms).toEqual([]);
  });
});
