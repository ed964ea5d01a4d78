import { describe, expect, it } from 'vitest';
import { hdbscan, SeededRandom } from '../../src';
import { adjustedRandIndex } from './adjusted-rand-index';

/** Well-separated 2-D Gaussian blobs of different sizes and spreads, plus uniform background noise. */
function blobs(seed: number, noise = 0) {
  const random = new SeededRandom(seed);
  const centres = [[0, 0, 1, 400], [12, 3, 0.6, 250], [-8, 14, 1.5, 600], [20, -15, 0.8, 150], [-15, -10, 1.2, 300]];
  const points: number[] = [];
  const truth: number[] = [];
  centres.forEach(([x, y, spread, count], cluster) => {
    for (let i = 0; i < count; i++) {
      points.push(x + random.nextGaussian() * spread, y + random.nextGaussian() * spread);
      truth.push(cluster);
    }
  });
  for (let i = 0; i < noise; i++) {
    points.push(-40 + 80 * random.nextFloat(), -40 + 80 * random.nextFloat());
    truth.push(-1);
  }
  return { points: Float32Array.from(points), truth: Int32Array.from(truth) };
}

describe('hdbscan', () => {
  it('finds the planted clusters of a well-separated mixture (ARI ≥ 0.9)', () => {
    const { points, truth } = blobs(1);
    const result = hdbscan(points, 2, { minClusterSize: 30, minSamples: 10 });
    expect(result.clusterCount).toBe(5);
    expect(adjustedRandIndex(truth, result.labels)).toBeGreaterThanOrEqual(0.9);
  });

  it('labels scattered background points as noise (-1)', () => {
    const { points, truth } = blobs(2, 150);
    const result = hdbscan(points, 2, { minClusterSize: 30, minSamples: 10 });
    const backgroundAsNoise = truth.reduce((count, t, i) => count + (t < 0 && result.labels[i] === -1 ? 1 : 0), 0);
    expect(backgroundAsNoise / 150).toBeGreaterThan(0.8);
    expect(result.noiseCount).toBe(result.labels.filter((l) => l === -1).length);
    const clustered = Array.from(truth.keys()).filter((i) => truth[i] >= 0);
    expect(adjustedRandIndex(clustered.map((i) => truth[i]), clustered.map((i) => result.labels[i]))).toBeGreaterThanOrEqual(0.9);
  });

  it('numbers clusters by size, largest first, the same way every run', () => {
    const { points } = blobs(3);
    const first = hdbscan(points, 2, { minClusterSize: 30 });
    const second = hdbscan(points, 2, { minClusterSize: 30 });
    expect(Array.from(first.labels)).toEqual(Array.from(second.labels));
    const sizes = Array.from(first.clusterSizes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (let c = 0; c < first.clusterCount; c++) expect(first.labels.filter((l) => l === c).length).toBe(sizes[c]);
  });

  it('matches a hand-checked small case: two tight groups and an outlier', () => {
    const points = Float32Array.of(0, 0, 0.1, 0, 0, 0.1, 0.1, 0.1, 0.05, 0.05, 10, 10, 10.1, 10, 10, 10.1, 10.1, 10.1, 50, 50);
    const result = hdbscan(points, 2, { minClusterSize: 3, minSamples: 2 });
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, -1]);
    expect(result.probabilities[9]).toBe(0);
    expect(result.probabilities.slice(0, 9).every((p) => p > 0 && p <= 1)).toBe(true);
  });

  it('handles duplicate points and inputs smaller than a cluster', () => {
    const duplicates = new Float32Array(2 * 40).fill(1);
    for (let i = 40; i < 80; i += 2) duplicates[i] = 5;
    const result = hdbscan(duplicates, 2, { minClusterSize: 5 });
    expect(result.labels.every(Number.isInteger)).toBe(true);
    expect(result.stabilities.every(Number.isFinite)).toBe(true);
    expect(Array.from(hdbscan(Float32Array.of(0, 0, 1, 1), 2, { minClusterSize: 5 }).labels)).toEqual([-1, -1]);
  });

  it('rejects invalid input', () => {
    expect(() => hdbscan(Float32Array.of(0, NaN, 1, 1), 2)).toThrow(/point 0/);
    expect(() => hdbscan(Float32Array.of(0, 1, 2), 2)).toThrow(/not a multiple/);
    expect(() => hdbscan(Float32Array.of(0, 1, 2, 3), 2, { minClusterSize: 1 })).toThrow(/minClusterSize/);
  });
});
