import { describe, expect, it } from 'vitest';
import { UMAP } from 'umap-js';
import { buildKnnGraph, fitProjection, ProjectionModel, trustworthiness } from '../../src';
import { fuzzySimplicialSet, resolveUmapOptions } from '../../src/projection/umap';
import { gaussianMixture, sameBits } from './helpers';

describe('fitProjection (UMAP)', () => {
  const data = gaussianMixture(1200, 24, 8, 11, 3);

  it('gives the same coordinates bit for bit for the same seed, different ones for another seed', () => {
    const options = { metric: 'euclidean' as const, seed: 7, nEpochs: 150 };
    const first = fitProjection(data.vectors, data.dims, options);
    const second = fitProjection(data.vectors, data.dims, options);
    expect(sameBits(first.coordinates, second.coordinates)).toBe(true);
    const other = fitProjection(data.vectors, data.dims, { ...options, seed: 8 });
    expect(sameBits(first.coordinates, other.coordinates)).toBe(false);
  });

  it('gives the same coordinates on one thread as with the helper thread', () => {
    const options = { metric: 'euclidean' as const, seed: 7, nEpochs: 80 };
    const single = fitProjection(data.vectors, data.dims, { ...options, threads: 1 });
    const double = fitProjection(data.vectors, data.dims, { ...options, threads: 2 });
    expect(sameBits(single.coordinates, double.coordinates)).toBe(true);
  });

  it('is deterministic on the NN-descent path with PCA too', () => {
    const big = gaussianMixture(5000, 96, 12, 2);
    const options = { metric: 'cosine' as const, seed: 3, nEpochs: 30 };
    const first = fitProjection(big.vectors, big.dims, options);
    const second = fitProjection(big.vectors, big.dims, options);
    expect(first.knnMethod).toBe('nn-descent');
    expect(first.model.pca?.components).toBe(50);
    expect(sameBits(first.coordinates, second.coordinates)).toBe(true);
  });

  it('keeps the neighbourhoods of clearly clustered data (trustworthiness ≥ 0.9)', () => {
    const fit = fitProjection(data.vectors, data.dims, { metric: 'euclidean', seed: 1 });
    expect(fit.coordinates.length).toBe(1200 * 2);
    expect(trustworthiness(data.vectors, data.dims, fit.coordinates, 2, 15)).toBeGreaterThanOrEqual(0.9);
  });

  it('builds the same fuzzy simplicial set as umap-js from the same kNN graph', () => {
    const small = gaussianMixture(300, 8, 4, 5);
    const graph = buildKnnGraph(small.vectors, small.dims, { k: 10, method: 'exact' });
    const ours = fuzzySimplicialSet(graph, resolveUmapOptions({ nNeighbors: 10 }, 300));
    const reference = new UMAP({ nNeighbors: 10 });
    const rows = (array: ArrayLike<number>) => Array.from({ length: 300 }, (_, i) => Array.from(array).slice(i * 10, i * 10 + 10));
    reference.setPrecomputedKNN(rows(graph.indices), rows(graph.distances));
    const points = rows(small.vectors);
    const referenceGraph = (reference as unknown as { fuzzySimplicialSet(x: number[][], k: number): { getAll(): Array<{ row: number; col: number; value: number }> } }).fuzzySimplicialSet(points, 10);
    const expected = referenceGraph.getAll().filter((entry) => entry.value > 0);
    expect(ours.values.length).toBe(expected.length);
    for (const { row, col, value } of expected) {
      let found = NaN;
      for (let i = ours.rowStarts[row]; i < ours.rowStarts[row + 1]; i++) if (ours.columns[i] === col) found = ours.values[i];
      expect(found).toBeCloseTo(value, 5);
    }
  });

  it('supports three components', () => {
    const fit = fitProjection(data.vectors, data.dims, { metric: 'euclidean', nComponents: 3, nEpochs: 50 });
    expect(fit.coordinates.length).toBe(1200 * 3);
    expect(fit.coordinates.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad options with clear messages', () => {
    expect(() => fitProjection(data.vectors, data.dims, { nComponents: 4 })).toThrow(/nComponents must be 2 or 3/);
    expect(() => fitProjection(data.vectors, data.dims, { minDist: 2, spread: 1 })).toThrow(/minDist ≤ spread/);
    expect(() => fitProjection(data.vectors.subarray(0, 15 * data.dims), data.dims, { nNeighbors: 15 })).toThrow(/nNeighbors = 15 needs at least 16 points, got 15/);
  });
});

describe('ProjectionModel.transform', () => {
  const data = gaussianMixture(1500, 32, 6, 21, 4);
  const fit = fitProjection(data.vectors, data.dims, { metric: 'cosine', seed: 5 });

  /** Slightly perturbed copies of some training rows. */
  const queries = (() => {
    const rows = [3, 250, 777, 1499];
    const out = new Float32Array(rows.length * data.dims);
    rows.forEach((row, i) => {
      for (let j = 0; j < data.dims; j++) out[i * data.dims + j] = data.vectors[row * data.dims + j] * 1.01 + 0.01 * Math.sin(j + i);
    });
    return { rows, vectors: out };
  })();

  it('places a new point next to its nearest training neighbours', () => {
    const placed = fit.model.transform(queries.vectors);
    let extent = 0;
    for (let i = 0; i < fit.coordinates.length; i++) extent = Math.max(extent, Math.abs(fit.coordinates[i]));
    queries.rows.forEach((row, q) => {
      // Its nearest training neighbours in the input space …
      const neighbours = Array.from({ length: 1500 }, (_, i) => i)
        .sort((a, b) => cosineDistance(queries.vectors, q, data.vectors, a, data.dims) - cosineDistance(queries.vectors, q, data.vectors, b, data.dims))
        .slice(0, 10);
      expect(neighbours).toContain(row);
      // … lie close to where it was placed on the map.
      const centre = [0, 1].map((d) => neighbours.reduce((sum, n) => sum + fit.coordinates[n * 2 + d], 0) / neighbours.length);
      const offset = Math.hypot(placed[q * 2] - centre[0], placed[q * 2 + 1] - centre[1]);
      expect(offset).toBeLessThan(0.1 * extent);
      // and its nearest map point belongs to the same planted cluster.
      let nearest = 0;
      let best = Infinity;
      for (let i = 0; i < 1500; i++) {
        const d = (fit.coordinates[i * 2] - placed[q * 2]) ** 2 + (fit.coordinates[i * 2 + 1] - placed[q * 2 + 1]) ** 2;
        if (d < best) [best, nearest] = [d, i];
      }
      expect(data.labels[nearest]).toBe(data.labels[row]);
    });
  });

  it('survives serialisation: a restored model transforms identically', () => {
    const restored = ProjectionModel.fromBytes(fit.model.toBytes());
    expect(sameBits(restored.transform(queries.vectors), fit.model.transform(queries.vectors))).toBe(true);
    const { meta, buffers } = fit.model.toBuffers();
    const fromBuffers = ProjectionModel.fromBuffers(JSON.parse(JSON.stringify(meta)), buffers);
    expect(sameBits(fromBuffers.transform(queries.vectors), fit.model.transform(queries.vectors))).toBe(true);
    expect(() => ProjectionModel.fromBytes(new Uint8Array(16))).toThrow(/not a ragscope projection model/);
  });

  it('rejects NaN and zero query vectors with their rows', () => {
    const bad = queries.vectors.slice();
    bad[data.dims + 1] = NaN;
    expect(() => fit.model.transform(bad)).toThrow(/rows 1/);
    const zero = queries.vectors.slice();
    zero.fill(0, 2 * data.dims, 3 * data.dims);
    expect(() => fit.model.transform(zero)).toThrow(/zero vectors cannot be placed under cosine: rows 2/);
  });
});

function cosineDistance(a: Float32Array, i: number, b: Float32Array, j: number, dims: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < dims; d++) {
    dot += a[i * dims + d] * b[j * dims + d];
    na += a[i * dims + d] ** 2;
    nb += b[j * dims + d] ** 2;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

