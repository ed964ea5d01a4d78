import { describe, expect, it } from 'vitest';
import { buildEmbeddingMap, ProjectionError, type EmbeddingMapStage } from '../../src';
import { adjustedRandIndex } from '../clustering/adjusted-rand-index';
import { gaussianMixture, sameBits } from './helpers';

describe('buildEmbeddingMap', () => {
  const data = gaussianMixture(2000, 48, 8, 4, 3);

  it('maps, clusters and labels a collection, reporting progress, timings and trustworthiness', async () => {
    const progress: Array<[EmbeddingMapStage, number]> = [];
    const map = await buildEmbeddingMap(data.vectors, data.dims, { texts: data.texts, seed: 2 }, ({ stage, fraction }) => progress.push([stage, fraction]));
    expect(map.coordinates.length).toBe(2000 * 2);
    expect(map.keptRows.length).toBe(2000);
    expect(map.trustworthiness!.value).toBeGreaterThanOrEqual(0.9);
    expect(map.trustworthiness!.k).toBe(15);
    expect(adjustedRandIndex(data.labels, map.clusters)).toBeGreaterThanOrEqual(0.9);
    // Every planted cluster's label is made of its planted topic words.
    for (const label of map.labels) {
      const members = Array.from(map.clusters.keys()).filter((i) => map.clusters[i] === label.cluster);
      const planted = data.topicWords[data.labels[members[0]]];
      expect(label.terms.length).toBeGreaterThanOrEqual(2);
      expect(label.terms.slice(0, 3).every((term) => planted.includes(term))).toBe(true);
    }
    // Stages in order, fractions within [0, 1] and non-decreasing inside a stage.
    const stages = [...new Set(progress.map(([stage]) => stage))];
    expect(stages).toEqual(['knn', 'umap', 'clusters', 'labels', 'quality']);
    for (const stage of stages) {
      const fractions = progress.filter(([s]) => s === stage).map(([, f]) => f);
      expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
      expect(fractions.at(-1)).toBe(1);
    }
    for (const stage of ['knn', 'umap', 'clusters', 'labels', 'quality', 'total'] as const) expect(map.timings[stage]).toBeGreaterThanOrEqual(0);
  });

  it('is reproducible for a seed', async () => {
    const options = { seed: 9, nEpochs: 60, quality: false as const };
    const first = await buildEmbeddingMap(data.vectors, data.dims, options);
    const second = await buildEmbeddingMap(data.vectors, data.dims, options);
    expect(sameBits(first.coordinates, second.coordinates)).toBe(true);
    expect(Array.from(first.clusters)).toEqual(Array.from(second.clusters));
  });

  it('can be cancelled with an AbortSignal, before or during the run', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await expect(buildEmbeddingMap(data.vectors, data.dims, { signal: aborted.signal })).rejects.toMatchObject({ code: 'aborted' });

    const controller = new AbortController();
    const run = buildEmbeddingMap(data.vectors, data.dims, { signal: controller.signal }, ({ stage }) => {
      if (stage === 'umap') controller.abort();
    });
    await expect(run).rejects.toBeInstanceOf(ProjectionError);
    await expect(run).rejects.toThrow(/cancelled/);
  });

  it('excludes zero vectors under cosine and reports them', async () => {
    const vectors = data.vectors.slice();
    vectors.fill(0, 5 * data.dims, 6 * data.dims);
    vectors.fill(0, 1999 * data.dims, 2000 * data.dims);
    const map = await buildEmbeddingMap(vectors, data.dims, { nEpochs: 30, quality: false });
    expect(Array.from(map.excludedRows)).toEqual([5, 1999]);
    expect(map.keptRows.length).toBe(1998);
    expect(map.keptRows).not.toContain(5);
    expect(map.coordinates.length).toBe(1998 * 2);
  });

  it('rejects NaN/Infinity with the offending rows and too few points with a clear message', async () => {
    const vectors = data.vectors.slice();
    vectors[10 * data.dims + 3] = NaN;
    vectors[42 * data.dims] = -Infinity;
    await expect(buildEmbeddingMap(vectors, data.dims)).rejects.toMatchObject({ code: 'non_finite_values', message: expect.stringMatching(/rows 10, 42/) });
    await expect(buildEmbeddingMap(data.vectors.subarray(0, 12 * data.dims), data.dims)).rejects.toMatchObject({
      code: 'too_few_points',
      message: 'a map with nNeighbors = 15 needs at least 16 points, got 12',
    });
    await expect(buildEmbeddingMap(data.vectors, data.dims, { texts: ['x'] })).rejects.toThrow(/1 texts for 2000 vectors/);
  });
});
