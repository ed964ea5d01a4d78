/**
 * HDBSCAN's hierarchy steps after the spanning tree, following the hdbscan library
 * (McInnes, Healy & Astels 2017; `_hdbscan_tree.pyx`): single-linkage tree, condensed tree for
 * min_cluster_size, stabilities, excess-of-mass selection (allow_single_cluster = false,
 * cluster_selection_epsilon = 0), labels and membership probabilities.
 */
import type { SpanningTree } from './boruvka';

/** 1/distance, capped so that duplicate points (distance 0) keep stabilities finite. */
const LAMBDA_CAP = 1e300;
const toLambda = (distance: number) => (distance > 0 ? Math.min(1 / distance, LAMBDA_CAP) : LAMBDA_CAP);

export interface SingleLinkage {
  /** Merge i joins nodes left[i] and right[i] (points are 0…n−1, merge i creates node n + i). */
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
}

export function singleLinkage(mst: SpanningTree, rows: number): SingleLinkage {
  const edges = mst.weight.length;
  const byWeight = Int32Array.from({ length: edges }, (_, i) => i).sort(
    (a, b) => mst.weight[a] - mst.weight[b] || Math.min(mst.from[a], mst.to[a]) - Math.min(mst.from[b], mst.to[b]),
  );
  const parent = Int32Array.from({ length: 2 * rows - 1 }, (_, i) => i);
  const size = new Int32Array(2 * rows - 1).fill(1);
  const find = (x: number) => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) {
      const next = parent[x];
      parent[x] = root;
      x = next;
    }
    return root;
  };
  const result: SingleLinkage = { left: new Int32Array(edges), right: new Int32Array(edges), distance: new Float64Array(edges), size: new Int32Array(edges) };
  for (let i = 0; i < edges; i++) {
    const e = byWeight[i];
    const a = find(mst.from[e]);
    const b = find(mst.to[e]);
    const node = rows + i;
    parent[a] = node;
    parent[b] = node;
    size[node] = size[a] + size[b];
    result.left[i] = a;
    result.right[i] = b;
    result.distance[i] = mst.weight[e];
    result.size[i] = size[node];
  }
  return result;
}

export interface CondensedTree {
  /** Rows (parent cluster, child, lambda at which child leaves, child size); clusters are ≥ rows. */
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
  /** Id of the root cluster (= number of points). */
  root: number;
  clusterCount: number;
}

export function condenseTree(linkage: SingleLinkage, rows: number, minClusterSize: number): CondensedTree {
  const parentOut: number[] = [];
  const childOut: number[] = [];
  const lambdaOut: number[] = [];
  const sizeOut: number[] = [];
  const emit = (parent: number, child: number, lambda: number, size: number) => {
    parentOut.push(parent);
    childOut.push(child);
    lambdaOut.push(lambda);
    sizeOut.push(size);
  };
  const nodeSize = (node: number) => (node < rows ? 1 : linkage.size[node - rows]);
  /** Every point under `node` leaves `cluster` at `lambda`. */
  const emitPoints = (node: number, cluster: number, lambda: number) => {
    const stack = [node];
    while (stack.length) {
      const current = stack.pop()!;
      if (current < rows) emit(cluster, current, lambda, 1);
      else stack.push(linkage.right[current - rows], linkage.left[current - rows]);
    }
  };

  let nextLabel = rows + 1;
  const rootNode = 2 * rows - 2;
  if (rows < 2) return { parent: new Int32Array(0), child: new Int32Array(0), lambda: new Float64Array(0), childSize: new Int32Array(0), root: rows, clusterCount: 1 };
  // (linkage node, cluster label it currently belongs to), top-down.
  const queue: Array<[number, number]> = [[rootNode, rows]];
  for (let head = 0; head < queue.length; head++) {
    const [node, label] = queue[head];
    const merge = node - rows;
    const lambda = toLambda(linkage.distance[merge]);
    const left = linkage.left[merge];
    const right = linkage.right[merge];
    const leftSize = nodeSize(left);
    const rightSize = nodeSize(right);
    if (leftSize >= minClusterSize && rightSize >= minClusterSize) {
      for (const [child, size] of [[left, leftSize], [right, rightSize]]) {
        const childLabel = nextLabel++;
        emit(label, childLabel, lambda, size);
        if (child >= rows) queue.push([child, childLabel]);
      }
    } else {
      for (const [child, size] of [[left, leftSize], [right, rightSize]]) {
        if (size < minClusterSize) emitPoints(child, label, lambda);
        else if (child >= rows) queue.push([child, label]);
        else emit(label, child, lambda, 1); // a single point that is a "cluster" only when minClusterSize ≤ 1
      }
    }
  }
  return {
    parent: Int32Array.from(parentOut),
    child: Int32Array.from(childOut),
    lambda: Float64Array.from(lambdaOut),
    childSize: Int32Array.from(sizeOut),
    root: rows,
    clusterCount: nextLabel - rows,
  };
}

export interface Selection {
  /** Cluster id (≥ rows) chosen for each point, or -1 for noise. */
  pointCluster: Int32Array;
  /** hdbscan's membership strength in [0, 1] (0 for noise). */
  probabilities: Float32Array;
  /** Stability of each selected cluster, keyed by cluster id. */
  stability: Map<number, number>;
}

/** Excess-of-mass selection of flat clusters from the condensed tree, then labels and probabilities. */
export function selectClusters(tree: CondensedTree, rows: number): Selection {
  const { parent, child, lambda, childSize, root, clusterCount } = tree;
  const index = (cluster: number) => cluster - root;
  const birth = new Float64Array(clusterCount);
  const clusterParent = new Int32Array(clusterCount).fill(-1);
  const stability = new Float64Array(clusterCount);
  const childStability = new Float64Array(clusterCount);
  const hasChildClusters = new Uint8Array(clusterCount);
  const deepestLambda = new Float64Array(clusterCount);
  const pointParent = new Int32Array(rows).fill(-1);
  const pointLambda = new Float64Array(rows);

  for (let i = 0; i < parent.length; i++) {
    if (child[i] >= root) {
      birth[index(child[i])] = lambda[i];
      clusterParent[index(child[i])] = parent[i];
      hasChildClusters[index(parent[i])] = 1;
    } else {
      pointParent[child[i]] = parent[i];
      pointLambda[child[i]] = lambda[i];
    }
    deepestLambda[index(parent[i])] = Math.max(deepestLambda[index(parent[i])], lambda[i]);
  }
  for (let i = 0; i < parent.length; i++) stability[index(parent[i])] += (lambda[i] - birth[index(parent[i])]) * childSize[i];

  // Children have larger ids than their parents, so a reverse sweep sees every child first.
  const selected = new Uint8Array(clusterCount);
  for (let c = clusterCount - 1; c >= 1; c--) {
    if (hasChildClusters[c] && childStability[c] > stability[c]) {
      stability[c] = childStability[c];
    } else {
      selected[c] = 1;
    }
    childStability[index(clusterParent[c])] += stability[c];
  }
  // A selected cluster deselects its descendants: sweep top-down.
  const underSelected = new Uint8Array(clusterCount);
  for (let c = 1; c < clusterCount; c++) {
    const parentIndex = index(clusterParent[c]);
    if (underSelected[parentIndex] || (parentIndex > 0 && selected[parentIndex])) {
      underSelected[c] = 1;
      selected[c] = 0;
    }
  }

  // Each cluster maps to its selected ancestor-or-self, or -1.
  const assignment = new Int32Array(clusterCount).fill(-1);
  for (let c = 1; c < clusterCount; c++) assignment[c] = selected[c] ? c + root : assignment[index(clusterParent[c])];

  const pointCluster = new Int32Array(rows).fill(-1);
  const probabilities = new Float32Array(rows);
  const selectedStability = new Map<number, number>();
  for (let c = 1; c < clusterCount; c++) if (selected[c]) selectedStability.set(c + root, stability[c]);
  for (let p = 0; p < rows; p++) {
    if (pointParent[p] < 0) continue;
    const cluster = assignment[index(pointParent[p])];
    pointCluster[p] = cluster;
    if (cluster < 0) continue;
    const maxLambda = deepestLambda[index(cluster)];
    const pl = Math.min(pointLambda[p], maxLambda);
    probabilities[p] = maxLambda === 0 || !Number.isFinite(pointLambda[p]) ? 1 : pl / maxLambda;
  }
  return { pointCluster, probabilities, stability: selectedStability };
}
