import { findABParams } from 'umap-js/dist/umap';
import { ProjectionError } from './errors';
import { fuzzyUnion, membershipStrengths, smoothKnnDistances, type CsrGraph } from './fuzzy-graph';
import type { KnnGraph } from './neighbor-heap';
import { SeededRandom } from './random';
import type { Steps } from './steps';
import { epochsPerSample } from './umap-optimize';
import { optimizePartitioned } from './umap-partitioned';
import type { HelperThread } from './parallel';

export interface UmapOptions {
  /** Neighbours per point including itself (umap's n_neighbors). Default 15. */
  nNeighbors?: number;
  /** 2 or 3. Default 2. */
  nComponents?: number;
  minDist?: number;
  spread?: number;
  /**
   * Default with init `random`: umap-js's 500 up to 2,500 points, 400 up to 5,000, 300 up to 7,500,
   * else 200. With init `pca` 60 % of that (300/240/180/120): starting from the principal plane
   * the layout settles sooner, and trustworthiness was unchanged (Cranfield, 3 seeds: 0.951 at
   * 300 epochs vs 0.950 at 500; Gaussian mixtures at 20k: 0.9799 at 120 and at 200).
   */
  nEpochs?: number;
  learningRate?: number;
  localConnectivity?: number;
  setOpMixRatio?: number;
  repulsionStrength?: number;
  negativeSampleRate?: number;
  /**
   * `random`: uniform in [−10, 10] like umap-js. `pca`: the first principal components scaled to
   * [−10, 10] (umap-learn's init="pca"), which keeps far-apart groups apart from the start.
   */
  init?: 'random' | 'pca';
  seed?: number;
}

export type ResolvedUmapOptions = Required<UmapOptions> & { a: number; b: number };

export function defaultEpochs(rows: number): number {
  if (rows <= 2500) return 500;
  if (rows <= 5000) return 400;
  if (rows <= 7500) return 300;
  return 200;
}

export function resolveUmapOptions(options: UmapOptions, rows: number): ResolvedUmapOptions {
  const init = options.init ?? 'pca';
  const resolved = {
    nNeighbors: options.nNeighbors ?? 15,
    nComponents: options.nComponents ?? 2,
    minDist: options.minDist ?? 0.1,
    spread: options.spread ?? 1,
    nEpochs: options.nEpochs ?? (init === 'pca' ? Math.round(0.6 * defaultEpochs(rows)) : defaultEpochs(rows)),
    learningRate: options.learningRate ?? 1,
    localConnectivity: options.localConnectivity ?? 1,
    setOpMixRatio: options.setOpMixRatio ?? 1,
    repulsionStrength: options.repulsionStrength ?? 1,
    negativeSampleRate: options.negativeSampleRate ?? 5,
    init,
    seed: options.seed ?? 42,
  };
  if (!Number.isInteger(resolved.nNeighbors) || resolved.nNeighbors < 2) {
    throw new ProjectionError('invalid_option', `nNeighbors must be an integer ≥ 2, got ${resolved.nNeighbors}`);
  }
  if (resolved.nComponents !== 2 && resolved.nComponents !== 3) {
    throw new ProjectionError('invalid_option', `nComponents must be 2 or 3, got ${resolved.nComponents}`);
  }
  if (!(resolved.spread > 0) || !(resolved.minDist >= 0) || resolved.minDist > resolved.spread) {
    throw new ProjectionError('invalid_option', `need 0 ≤ minDist ≤ spread and spread > 0, got minDist ${resolved.minDist}, spread ${resolved.spread}`);
  }
  if (!Number.isInteger(resolved.nEpochs) || resolved.nEpochs < 1) {
    throw new ProjectionError('invalid_option', `nEpochs must be a positive integer, got ${resolved.nEpochs}`);
  }
  const { a, b } = findABParams(resolved.spread, resolved.minDist);
  return { ...resolved, a, b };
}

/** The fuzzy simplicial set of a kNN graph (symmetric, CSR). */
export function fuzzySimplicialSet(graph: KnnGraph, options: Pick<ResolvedUmapOptions, 'localConnectivity' | 'setOpMixRatio'>): CsrGraph {
  const smooth = smoothKnnDistances(graph, options.localConnectivity);
  return fuzzyUnion(graph, membershipStrengths(graph, smooth, true), options.setOpMixRatio);
}

/** Edges of a CSR graph that survive umap's pruning (weight ≥ max / epochs), as head/tail/weight arrays. */
export function graphEdges(graph: CsrGraph, epochs: number): { head: Int32Array; tail: Int32Array; weights: Float32Array } {
  let max = 0;
  for (const value of graph.values) if (value > max) max = value;
  const threshold = max / epochs;
  let count = 0;
  for (const value of graph.values) if (value >= threshold && value > 0) count++;
  const head = new Int32Array(count);
  const tail = new Int32Array(count);
  const weights = new Float32Array(count);
  let edge = 0;
  for (let row = 0; row < graph.rows; row++) {
    for (let i = graph.rowStarts[row]; i < graph.rowStarts[row + 1]; i++) {
      const value = graph.values[i];
      if (!(value >= threshold && value > 0)) continue;
      head[edge] = row;
      tail[edge] = graph.columns[i];
      weights[edge++] = value;
    }
  }
  return { head, tail, weights };
}

/** Scales initial coordinates so the largest |coordinate| is 10, with tiny seeded noise to split duplicates. */
function scaleInit(coordinates: Float32Array, random: SeededRandom): Float32Array {
  let largest = 0;
  for (const value of coordinates) largest = Math.max(largest, Math.abs(value));
  const scale = largest > 0 ? 10 / largest : 1;
  for (let i = 0; i < coordinates.length; i++) coordinates[i] = coordinates[i] * scale + random.nextGaussian() * 1e-4;
  return coordinates;
}

export function initialLayout(rows: number, options: ResolvedUmapOptions, random: SeededRandom, principalCoordinates?: Float32Array): Float32Array {
  const dims = options.nComponents;
  if (options.init === 'pca' && principalCoordinates) return scaleInit(principalCoordinates, random);
  const layout = new Float32Array(rows * dims);
  for (let i = 0; i < layout.length; i++) layout[i] = random.nextFloat() * 20 - 10;
  return layout;
}

/**
 * Optimises a layout for a fuzzy graph (fit), as resumable steps, on two threads when a helper
 * is given (same result either way). `principalCoordinates` (rows×nComponents) is used when init
 * is `pca`.
 */
export function* optimizeEmbedding(
  graph: CsrGraph,
  options: ResolvedUmapOptions,
  principalCoordinates: Float32Array | undefined,
  helper: HelperThread | null = null,
): Steps<Float32Array> {
  const random = new SeededRandom(options.seed);
  const embedding = initialLayout(graph.rows, options, random, principalCoordinates);
  const { head, tail, weights } = graphEdges(graph, options.nEpochs);
  yield* optimizePartitioned(
    {
      head,
      tail,
      epochsPerSample: epochsPerSample(weights, options.nEpochs),
      embedding,
      dims: options.nComponents,
      epochs: options.nEpochs,
      a: options.a,
      b: options.b,
      repulsionStrength: options.repulsionStrength,
      learningRate: options.learningRate,
      negativeSampleRate: options.negativeSampleRate,
    },
    random,
    helper,
  );
  return embedding;
}
