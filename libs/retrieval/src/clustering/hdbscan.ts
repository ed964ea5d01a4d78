/**
 * HDBSCAN (Campello, Moulavi & Sander 2013) for low-dimensional points such as a 2-D map.
 *
 * Hand-written: the npm ports checked (hdbscan-ts, hdbscanjs, hdbscan) build O(n²) distance
 * matrices over number[][] and cannot cluster 100k points. This version is exact: kd-tree core
 * distances, Borůvka spanning tree of mutual reachability, then the hdbscan library's condensed
 * tree and excess-of-mass selection. Results match scikit-learn's HDBSCAN (same core-distance
 * convention: min_samples counts the point itself) up to ties in distances.
 */
import { ProjectionError } from '../projection/errors';
import { mutualReachabilityTree } from './boruvka';
import { condenseTree, selectClusters, singleLinkage } from './condensed-tree';
import { KdTree } from './kd-tree';

export interface HdbscanOptions {
  /** Smallest group that counts as a cluster. Default 5 (as scikit-learn). */
  minClusterSize?: number;
  /** Neighbours (including the point itself) that define a point's core distance. Default minClusterSize. */
  minSamples?: number;
}

export interface HdbscanResult {
  /** Cluster of each point, 0…clusterCount−1 ordered by size (largest first; ties by lowest point index), or -1 for noise. */
  labels: Int32Array;
  /** Membership strength in [0, 1]; 0 for noise. */
  probabilities: Float32Array;
  clusterCount: number;
  /** Points per cluster, indexed by label. */
  clusterSizes: Int32Array;
  /** Excess-of-mass stability per cluster, indexed by label. */
  stabilities: Float64Array;
  noiseCount: number;
}

export function hdbscan(points: Float32Array, dims: number, options: HdbscanOptions = {}): HdbscanResult {
  if (!Number.isInteger(dims) || dims < 1 || points.length % dims !== 0) {
    throw new ProjectionError('invalid_shape', `point buffer length ${points.length} is not a multiple of the dimension ${dims}`);
  }
  const rows = points.length / dims;
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) throw new ProjectionError('non_finite_values', `point ${Math.floor(i / dims)} has a NaN or infinite coordinate`, Int32Array.of(Math.floor(i / dims)));
  }
  const minClusterSize = options.minClusterSize ?? 5;
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) throw new ProjectionError('invalid_option', `minClusterSize must be an integer ≥ 2, got ${minClusterSize}`);
  const minSamples = Math.min(options.minSamples ?? minClusterSize, Math.max(1, rows));
  if (!Number.isInteger(minSamples) || minSamples < 1) throw new ProjectionError('invalid_option', `minSamples must be a positive integer, got ${options.minSamples}`);

  if (rows < minClusterSize) return relabel(new Int32Array(rows).fill(-1), new Float32Array(rows), new Map());
  const tree = new KdTree(points, dims);
  const coreSquared = tree.kthNeighborDistancesSquared(minSamples);
  const mst = mutualReachabilityTree(tree, coreSquared);
  const condensed = condenseTree(singleLinkage(mst, rows), rows, minClusterSize);
  const selection = selectClusters(condensed, rows);
  return relabel(selection.pointCluster, selection.probabilities, selection.stability);
}

/** Renumbers clusters 0… by size descending, ties by lowest member index, so ids are stable. */
function relabel(pointCluster: Int32Array, probabilities: Float32Array, stability: Map<number, number>): HdbscanResult {
  const sizes = new Map<number, number>();
  const firstMember = new Map<number, number>();
  pointCluster.forEach((cluster, point) => {
    if (cluster < 0) return;
    sizes.set(cluster, (sizes.get(cluster) ?? 0) + 1);
    if (!firstMember.has(cluster)) firstMember.set(cluster, point);
  });
  const ordered = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || firstMember.get(a)! - firstMember.get(b)!);
  const newId = new Map(ordered.map((cluster, i) => [cluster, i]));
  const labels = pointCluster.map((cluster) => (cluster < 0 ? -1 : newId.get(cluster)!));
  return {
    labels,
    probabilities,
    clusterCount: ordered.length,
    clusterSizes: Int32Array.from(ordered, (cluster) => sizes.get(cluster)!),
    stabilities: Float64Array.from(ordered, (cluster) => stability.get(cluster) ?? 0),
    noiseCount: labels.reduce((count, label) => count + (label < 0 ? 1 : 0), 0),
  };
}
