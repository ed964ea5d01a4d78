import { ProjectionError } from './errors';
import { exactNeighborHeaps } from './knn-exact';
import { nnDescentHeaps } from './knn-descent';
import { heapsToGraph, type KnnGraph } from './neighbor-heap';
import { runToEnd, type Steps } from './steps';
import { prepareVectors, type Metric } from './vectors';

export type { KnnGraph } from './neighbor-heap';

export type KnnMethod = 'auto' | 'exact' | 'nn-descent';

export interface KnnOptions {
  /** Neighbours per point including the point itself (umap-learn's `n_neighbors`). */
  k: number;
  metric?: Metric;
  method?: KnnMethod;
  /** Largest n for which `auto` uses exact search. */
  exactThreshold?: number;
  seed?: number;
}

/** Squared euclidean → reported distance: euclidean, or cosine distance for unit vectors (‖a−b‖² = 2(1−cos)). */
export function distanceFromSquared(metric: Metric): (squared: number) => number {
  return metric === 'cosine' ? (squared) => squared / 2 : Math.sqrt;
}

export function resolveKnnMethod(rows: number, options: Pick<KnnOptions, 'method' | 'exactThreshold'>): 'exact' | 'nn-descent' {
  const method = options.method ?? 'auto';
  if (method !== 'auto') return method;
  return rows <= (options.exactThreshold ?? 4096) ? 'exact' : 'nn-descent';
}

/** kNN graph on vectors already prepared by `prepareVectors` (unit length for cosine), as resumable steps. */
export function* knnSteps(data: Float32Array, dims: number, metric: Metric, options: KnnOptions): Steps<KnnGraph> {
  const rows = data.length / dims;
  if (!Number.isInteger(options.k) || options.k < 2) throw new ProjectionError('invalid_option', `k must be an integer ≥ 2, got ${options.k}`);
  if (rows < options.k + 1) {
    throw new ProjectionError('too_few_points', `need at least k + 1 = ${options.k + 1} points for a ${options.k}-nearest-neighbour graph, got ${rows}`);
  }
  const others = options.k - 1;
  const heaps =
    resolveKnnMethod(rows, options) === 'exact'
      ? yield* exactNeighborHeaps(data, dims, others)
      : yield* nnDescentHeaps(data, dims, { neighbors: others, seed: options.seed ?? 42 });
  return heapsToGraph(heaps, distanceFromSquared(metric));
}

/**
 * k-nearest-neighbour graph of n×d row-major vectors: exact blocked brute force for small n,
 * NN-descent for large n. Rejects NaN/Infinity; under cosine, all-zero rows must be removed first
 * (they have no direction) — `buildEmbeddingMap` does that and reports them.
 */
export function buildKnnGraph(vectors: Float32Array, dims: number, options: KnnOptions): KnnGraph {
  const metric = options.metric ?? 'euclidean';
  const prepared = prepareVectors(vectors, dims, metric);
  if (prepared.excludedRows.length) {
    throw new ProjectionError('zero_vectors', `zero vectors have no cosine distance: rows ${Array.from(prepared.excludedRows.slice(0, 10)).join(', ')}`, prepared.excludedRows);
  }
  return runToEnd(knnSteps(prepared.data, dims, metric, options));
}
