import { ProjectionError } from './errors';
import { knnSteps, resolveKnnMethod, type KnnGraph, type KnnMethod } from './knn';
import { applyPca, fitPca, type PcaModel } from './pca';
import { HelperThread } from './parallel';
import { ProjectionModel } from './projection-model';
import { UMAP_KERNELS } from './umap-partitioned';
import { inStage, runToEnd, type Steps, type StageProgress } from './steps';
import { fuzzySimplicialSet, optimizeEmbedding, resolveUmapOptions, type UmapOptions } from './umap';
import { prepareVectors, type Metric } from './vectors';

export interface ProjectionOptions extends UmapOptions {
  /** Default `cosine` (vectors are normalised; all-zero rows are excluded and reported). */
  metric?: Metric;
  /** PCA target dimension before the kNN search; 0 turns PCA off. Default 50 when d > 64, else off. */
  pcaComponents?: number;
  /** Rows sampled to fit the PCA axes. Default 5,000. */
  pcaSampleSize?: number;
  /** kNN search: `auto` = exact up to `exactThreshold` points (default 4,096), NN-descent above. */
  knnMethod?: KnnMethod;
  exactThreshold?: number;
  /**
   * 1 = stay on the calling thread; 2 = run the UMAP epochs on a helper thread too. Default: 2 when
   * a second core is idle (see parallel.ts). The coordinates are bit-for-bit the same either way.
   */
  threads?: number;
}

export type ProjectionStage = 'pca' | 'knn' | 'umap';

export interface ProjectionFit {
  /** keptRows.length × nComponents coordinates, row-major, in the order of `keptRows`. */
  coordinates: Float32Array;
  nComponents: number;
  /** Original row index of each mapped point. */
  keptRows: Int32Array;
  /** Rows left out: all-zero vectors under cosine. */
  excludedRows: Int32Array;
  /** kNN graph over the kept rows (indices into keptRows order). */
  knn: KnnGraph;
  knnMethod: 'exact' | 'nn-descent';
  model: ProjectionModel;
  /** Milliseconds per stage. */
  timings: Record<ProjectionStage, number>;
}

export function resolvePcaComponents(dims: number, requested: number | undefined): number {
  const components = requested ?? (dims > 64 ? 50 : 0);
  if (!Number.isInteger(components) || components < 0) throw new ProjectionError('invalid_option', `pcaComponents must be a non-negative integer, got ${components}`);
  return components >= dims ? 0 : components;
}

/** The whole fit (normalise → PCA → kNN → fuzzy set → UMAP) as resumable steps with stage progress. */
export function* projectionSteps(vectors: Float32Array, dims: number, options: ProjectionOptions = {}): Steps<ProjectionFit, StageProgress<ProjectionStage>> {
  const metric = options.metric ?? 'cosine';
  const prepared = prepareVectors(vectors, dims, metric);
  const rows = prepared.rows;
  const umap = resolveUmapOptions(options, rows);
  if (rows < umap.nNeighbors + 1) {
    const excluded = prepared.excludedRows.length ? ` (${prepared.excludedRows.length} zero vectors excluded)` : '';
    throw new ProjectionError('too_few_points', `a map with nNeighbors = ${umap.nNeighbors} needs at least ${umap.nNeighbors + 1} points, got ${rows}${excluded}`);
  }
  const timings: Record<ProjectionStage, number> = { pca: 0, knn: 0, umap: 0 };
  const helper = HelperThread.start({ ...UMAP_KERNELS }, options.threads);
  try {
    return yield* fitStages(prepared, dims, metric, umap, options, timings, helper);
  } finally {
    helper?.close();
  }
}

function* fitStages(
  prepared: ReturnType<typeof prepareVectors>,
  dims: number,
  metric: Metric,
  umap: ReturnType<typeof resolveUmapOptions>,
  options: ProjectionOptions,
  timings: Record<ProjectionStage, number>,
  helper: HelperThread | null,
): Steps<ProjectionFit, StageProgress<ProjectionStage>> {
  const rows = prepared.rows;

  let started = performance.now();
  const components = resolvePcaComponents(dims, options.pcaComponents);
  let pca: PcaModel | null = null;
  let reduced = prepared.data;
  if (components > 0) {
    yield { stage: 'pca', fraction: 0 };
    pca = fitPca(prepared.data, dims, { components, sampleSize: options.pcaSampleSize, seed: umap.seed });
    reduced = applyPca(pca, prepared.data);
    yield { stage: 'pca', fraction: 1 };
  }
  const reducedDims = pca ? pca.components : dims;
  timings.pca = performance.now() - started;

  started = performance.now();
  const knnOptions = { k: umap.nNeighbors, method: options.knnMethod, exactThreshold: options.exactThreshold, seed: umap.seed };
  const knn = yield* inStage('knn' as const, knnSteps(reduced, reducedDims, metric, knnOptions));
  timings.knn = performance.now() - started;

  started = performance.now();
  yield { stage: 'umap', fraction: 0 };
  const graph = fuzzySimplicialSet(knn, umap);
  const principal = umap.init === 'pca' ? principalCoordinates(prepared.data, dims, reduced, reducedDims, umap.nComponents, umap.seed) : undefined;
  const coordinates = yield* inStage('umap' as const, optimizeEmbedding(graph, umap, principal, helper));
  timings.umap = performance.now() - started;

  return {
    coordinates,
    nComponents: umap.nComponents,
    keptRows: prepared.keptRows,
    excludedRows: prepared.excludedRows,
    knn,
    knnMethod: resolveKnnMethod(rows, knnOptions),
    model: new ProjectionModel(metric, dims, pca, reduced, coordinates, umap),
    timings,
  };
}

/** First `count` principal coordinates: reuse the PCA-reduced columns when there are enough. */
function principalCoordinates(data: Float32Array, dims: number, reduced: Float32Array, reducedDims: number, count: number, seed: number): Float32Array {
  const rows = data.length / dims;
  if (reduced !== data && reducedDims >= count) {
    const out = new Float32Array(rows * count);
    for (let i = 0; i < rows; i++) for (let c = 0; c < count; c++) out[i * count + c] = reduced[i * reducedDims + c];
    return out;
  }
  return applyPca(fitPca(data, dims, { components: count, seed }), data);
}

/** Synchronous fit; see `buildEmbeddingMap` for the cancellable pipeline with clustering. */
export function fitProjection(vectors: Float32Array, dims: number, options: ProjectionOptions = {}): ProjectionFit {
  return runToEnd(projectionSteps(vectors, dims, options));
}
