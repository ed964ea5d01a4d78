import { describe, expect, it } from 'vitest';
import { sampledTrustworthiness, trustworthiness } from '../../src';

// 12 points, 4-D → 2-D, no distance ties; expected values from scikit-learn 1.8
// (sklearn.manifold.trustworthiness(X, Y, n_neighbors=k[, metric="cosine"])).
const X = [
  [2.041, -2.556, 0.418, -0.568], [-0.453, -0.216, -2.02, -0.232], [-0.865, 3.323, 0.226, -0.353], [-0.281, -0.668, -1.055, -0.391],
  [0.482, -0.239, 0.958, -0.2], [0.024, 1.546, 0.545, -0.505], [-0.183, 0.541, 1.935, -0.27], [-0.244, 1.002, -0.886, -0.292],
  [0.883, 0.58, 0.092, 0.67], [-2.828, 1.021, -0.96, -1.669], [0.276, 0.701, -0.445, -1.076], [0.026, -0.053, 1.406, 0.747],
];
const Y = [
  [0.194, 1.112], [-0.206, -0.926], [0.584, 0.583], [-0.215, -0.783], [0.229, -2.494], [0.69, 0.491],
  [-1.639, 0.061], [-0.964, 0.757], [-2.034, -0.914], [0.71, 1.156], [-2.158, -0.498], [0.328, -0.609],
];

describe('trustworthiness', () => {
  it('is 0.5 on a hand-checked 1-D example where two points swap places', () => {
    // X: 0, 1, 3, 7 ; Y: 0, 3, 1, 7. With k = 1 every point's embedded nearest neighbour is its
    // 2nd nearest in X: penalty 4 × (2 − 1) = 4, T = 1 − 4 · 2 / (4 · 1 · (8 − 3 − 1)) = 0.5.
    expect(trustworthiness(Float32Array.of(0, 1, 3, 7), 1, Float32Array.of(0, 3, 1, 7), 1, 1)).toBeCloseTo(0.5, 12);
  });

  it('matches scikit-learn on a fixed example', () => {
    const original = Float32Array.from(X.flat());
    const embedded = Float32Array.from(Y.flat());
    expect(trustworthiness(original, 4, embedded, 2, 1)).toBeCloseTo(0.5166666666666666, 10);
    expect(trustworthiness(original, 4, embedded, 2, 2)).toBeCloseTo(0.42156862745098045, 10);
    expect(trustworthiness(original, 4, embedded, 2, 3)).toBeCloseTo(0.4642857142857143, 10);
    expect(trustworthiness(original, 4, embedded, 2, 5)).toBeCloseTo(0.47916666666666663, 10);
    expect(trustworthiness(original, 4, embedded, 2, 3, { metric: 'cosine' })).toBeCloseTo(0.4087301587301587, 10);
  });

  it('gives the same value with and without the cached distance matrix', () => {
    const original = Float32Array.from(X.flat());
    const embedded = Float32Array.from(Y.flat());
    for (const metric of ['euclidean', 'cosine'] as const) {
      expect(trustworthiness(original, 4, embedded, 2, 3, { metric, matrixLimit: 0 })).toBe(trustworthiness(original, 4, embedded, 2, 3, { metric }));
    }
  });

  it('is 1 for an embedding that keeps every neighbourhood', () => {
    const original = Float32Array.from(X.flat());
    const scaled = original.map((value) => value * 3);
    expect(trustworthiness(original, 4, scaled, 4, 3)).toBe(1);
  });

  it('requires k < n / 2 and equal row counts', () => {
    const original = Float32Array.from(X.flat());
    expect(() => trustworthiness(original, 4, Float32Array.from(Y.flat()), 2, 6)).toThrow(/k < n\/2/);
    expect(() => trustworthiness(original, 4, new Float32Array(10), 2, 2)).toThrow(/rows/);
  });

  it('samples reproducibly', () => {
    const original = Float32Array.from({ length: 400 * 3 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const embedded = original.filter((_, i) => i % 3 !== 2);
    const a = sampledTrustworthiness(original, 3, embedded, 2, { k: 5, sampleSize: 100, seed: 3 });
    const b = sampledTrustworthiness(original, 3, embedded, 2, { k: 5, sampleSize: 100, seed: 3 });
    expect(a).toEqual(b);
    expect(a.sampleSize).toBe(100);
  });
});
