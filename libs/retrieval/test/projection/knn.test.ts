import { describe, expect, it } from 'vitest';
import { buildKnnGraph, ProjectionError } from '../../src';
import { gaussianMixture, rowDistanceSquared } from './helpers';

function bruteForce(data: Float32Array, dims: number, row: number, k: number): number[] {
  const rows = data.length / dims;
  return Array.from({ length: rows }, (_, i) => i)
    .filter((i) => i !== row)
    .sort((a, b) => rowDistanceSquared(data, dims, row, a) - rowDistanceSquared(data, dims, row, b) || a - b)
    .slice(0, k);
}

describe('buildKnnGraph', () => {
  const { vectors, dims } = gaussianMixture(600, 16, 6, 3);

  it('exact search returns each point first, then its true nearest neighbours in order', () => {
    const graph = buildKnnGraph(vectors, dims, { k: 10, method: 'exact' });
    expect(graph.indices.length).toBe(600 * 10);
    for (const row of [0, 17, 599]) {
      expect(graph.indices[row * 10]).toBe(row);
      expect(graph.distances[row * 10]).toBe(0);
      expect(Array.from(graph.indices.subarray(row * 10 + 1, row * 10 + 10))).toEqual(bruteForce(vectors, dims, row, 9));
      const expected = Math.sqrt(rowDistanceSquared(vectors, dims, row, graph.indices[row * 10 + 1]));
      expect(graph.distances[row * 10 + 1]).toBeCloseTo(expected, 4);
    }
  });

  it('NN-descent recovers at least 95% of the exact neighbours', () => {
    const data = gaussianMixture(3000, 20, 15, 5);
    const exact = buildKnnGraph(data.vectors, data.dims, { k: 15, method: 'exact' });
    const approximate = buildKnnGraph(data.vectors, data.dims, { k: 15, method: 'nn-descent', seed: 1 });
    let hits = 0;
    for (let row = 0; row < 3000; row++) {
      const truth = new Set(exact.indices.subarray(row * 15, row * 15 + 15));
      for (const neighbour of approximate.indices.subarray(row * 15, row * 15 + 15)) if (truth.has(neighbour)) hits++;
    }
    expect(hits / (3000 * 15)).toBeGreaterThanOrEqual(0.95);
  });

  it('reports cosine distances as 1 − cos', () => {
    const graph = buildKnnGraph(vectors, dims, { k: 5, metric: 'cosine', method: 'exact' });
    const a = vectors.subarray(0, dims);
    const b = vectors.subarray(graph.indices[1] * dims, graph.indices[1] * dims + dims);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = 0; j < dims; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    expect(graph.distances[1]).toBeCloseTo(1 - dot / Math.sqrt(na * nb), 5);
  });

  it('rejects too few points, NaN rows and zero vectors under cosine with the offending rows', () => {
    expect(() => buildKnnGraph(vectors.subarray(0, 10 * dims), dims, { k: 10 })).toThrow(/at least k \+ 1 = 11 points/);
    const bad = vectors.slice();
    bad[3 * dims + 2] = NaN;
    bad[7 * dims] = Infinity;
    const error = catchError(() => buildKnnGraph(bad, dims, { k: 5 }));
    expect(error.code).toBe('non_finite_values');
    expect(Array.from(error.rows)).toEqual([3, 7]);
    const zero = vectors.slice();
    zero.fill(0, 4 * dims, 5 * dims);
    const zeroError = catchError(() => buildKnnGraph(zero, dims, { k: 5, metric: 'cosine' }));
    expect(zeroError.code).toBe('zero_vectors');
    expect(Array.from(zeroError.rows)).toEqual([4]);
    expect(() => buildKnnGraph(vectors.subarray(0, 10), 3, { k: 5 })).toThrow(/not a multiple of the dimension 3/);
  });
});

function catchError(run: () => unknown): ProjectionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProjectionError) return error;
    throw error;
  }
  throw new Error('expected a ProjectionError');
}
