/**
 * The embedding-map pipeline the api's projection job runs: validate → PCA → kNN → UMAP →
 * HDBSCAN → c-TF-IDF labels (when texts are given) → trustworthiness, with stage progress,
 * cancellation through an AbortSignal and timings per stage. Work is cooperative (see steps.ts):
 * the event loop gets a turn every ~50 ms, so progress can be streamed and a cancel can land.
 */
import { clusterLabels, type ClusterLabel, type ClusterLabelOptions } from '../clustering/cluster-labels';
import { hdbscan, type HdbscanOptions } from '../clustering/hdbscan';
import { throwIfAborted } from './errors';
import { projectionSteps, type ProjectionOptions } from './projection';
import type { ProjectionModel } from './projection-model';
import { sampleIndices, SeededRandom } from './random';
import { runCooperatively, type StageProgress } from './steps';
import { trustworthiness } from './trustworthiness';

export type EmbeddingMapStage = 'pca' | 'knn' | 'umap' | 'clusters' | 'labels' | 'quality';

export interface EmbeddingMapOptions extends ProjectionOptions {
  /** Payload text per input row, for cluster labels. */
  texts?: ArrayLike<string | null | undefined>;
  /** HDBSCAN on the map coordinates; `false` skips clustering. Defaults: see `defaultClustering`. */
  clustering?: HdbscanOptions | false;
  labels?: ClusterLabelOptions;
  /** Trustworthiness on a seeded sample; `false` skips it. Default k = 15, 1,000 rows. */
  quality?: { k?: number; sampleSize?: number } | false;
  signal?: AbortSignal;
}

export interface EmbeddingMap {
  /** keptRows.length × nComponents coordinates, row-major. */
  coordinates: Float32Array;
  nComponents: number;
  /** Original row index of each mapped point (all rows except `excludedRows`). */
  keptRows: Int32Array;
  /** Rows left out: all-zero vectors under cosine. */
  excludedRows: Int32Array;
  /** Cluster per mapped point (0 = largest cluster), -1 = noise. */
  clusters: Int32Array;
  clusterProbabilities: Float32Array;
  clusterSizes: Int32Array;
  /** One label per cluster id (empty without texts). */
  labels: ClusterLabel[];
  trustworthiness: { value: number; k: number; sampleSize: number } | null;
  knnMethod: 'exact' | 'nn-descent';
  /** For `transform()` of new points; serialise with `toBytes()`. */
  model: ProjectionModel;
  /** Milliseconds per stage and in total. */
  timings: Record<EmbeddingMapStage | 'total', number>;
}

/** HDBSCAN defaults for a map of n points: minClusterSize ≈ √n (10…500), minSamples = min(minClusterSize, 10). */
export function defaultClustering(rows: number): Required<HdbscanOptions> {
  const minClusterSize = Math.min(500, Math.max(10, Math.round(Math.sqrt(rows))));
  return { minClusterSize, minSamples: Math.min(minClusterSize, 10) };
}

export async function buildEmbeddingMap(
  vectors: Float32Array,
  dims: number,
  options: EmbeddingMapOptions = {},
  onProgress?: (progress: StageProgress<EmbeddingMapStage>) => void,
): Promise<EmbeddingMap> {
  const started = performance.now();
  const { signal } = options;
  const report = (stage: EmbeddingMapStage, fraction: number) => onProgress?.({ stage, fraction });
  if (options.texts && options.texts.length * dims !== vectors.length) {
    throw new RangeError(`got ${options.texts.length} texts for ${vectors.length / dims} vectors`);
  }

  const fit = await runCooperatively(projectionSteps(vectors, dims, options), { onProgress, signal });
  const timings: Record<EmbeddingMapStage | 'total', number> = { ...fit.timings, clusters: 0, labels: 0, quality: 0, total: 0 };
  const rows = fit.keptRows.length;

  let stageStart = performance.now();
  let clusters: Int32Array = new Int32Array(rows).fill(-1);
  let clusterProbabilities: Float32Array = new Float32Array(rows);
  let clusterSizes: Int32Array = new Int32Array(0);
  if (options.clustering !== false) {
    report('clusters', 0);
    const result = hdbscan(fit.coordinates, fit.nComponents, { ...defaultClustering(rows), ...options.clustering });
    ({ labels: clusters, probabilities: clusterProbabilities, clusterSizes } = result);
    report('clusters', 1);
  }
  timings.clusters = performance.now() - stageStart;
  throwIfAborted(signal);

  stageStart = performance.now();
  let labels: ClusterLabel[] = [];
  if (options.texts && clusterSizes.length) {
    report('labels', 0);
    const texts = Array.from(fit.keptRows, (row) => options.texts![row]);
    labels = clusterLabels(texts, clusters, options.labels);
    report('labels', 1);
  }
  timings.labels = performance.now() - stageStart;
  throwIfAborted(signal);

  stageStart = performance.now();
  let quality: EmbeddingMap['trustworthiness'] = null;
  if (options.quality !== false) {
    report('quality', 0);
    quality = sampledMapTrustworthiness(vectors, dims, fit.keptRows, fit.coordinates, fit.nComponents, {
      k: options.quality?.k ?? 15,
      sampleSize: options.quality?.sampleSize ?? 1000,
      seed: fit.model.umap.seed,
      metric: fit.model.metric,
    });
    report('quality', 1);
  }
  timings.quality = performance.now() - stageStart;
  timings.total = performance.now() - started;

  return {
    coordinates: fit.coordinates,
    nComponents: fit.nComponents,
    keptRows: fit.keptRows,
    excludedRows: fit.excludedRows,
    clusters,
    clusterProbabilities,
    clusterSizes,
    labels,
    trustworthiness: quality,
    knnMethod: fit.knnMethod,
    model: fit.model,
    timings,
  };
}

/** Trustworthiness of the map against the raw input on a seeded sample of the kept rows. */
function sampledMapTrustworthiness(
  vectors: Float32Array,
  dims: number,
  keptRows: Int32Array,
  coordinates: Float32Array,
  nComponents: number,
  options: { k: number; sampleSize: number; seed: number; metric: 'cosine' | 'euclidean' },
): { value: number; k: number; sampleSize: number } | null {
  const sample = sampleIndices(keptRows.length, Math.min(keptRows.length, options.sampleSize), new SeededRandom(options.seed ^ 0x1b873593));
  const k = Math.min(options.k, Math.ceil(sample.length / 2) - 1);
  if (k < 1) return null;
  const original = new Float32Array(sample.length * dims);
  const embedded = new Float32Array(sample.length * nComponents);
  sample.forEach((row, i) => {
    original.set(vectors.subarray(keptRows[row] * dims, (keptRows[row] + 1) * dims), i * dims);
    embedded.set(coordinates.subarray(row * nComponents, (row + 1) * nComponents), i * nComponents);
  });
  return { value: trustworthiness(original, dims, embedded, nComponents, k, { metric: options.metric }), k, sampleSize: sample.length };
}
