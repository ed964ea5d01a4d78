/**
 * Exact minimum spanning tree of the mutual-reachability graph
 *   mrd(a, b) = max(core(a), core(b), ‖a − b‖)
 * by Borůvka's algorithm with kd-tree searches (as in the hdbscan library's boruvka_kdtree, with
 * single-tree instead of dual-tree queries). Each round finds, for every component, its cheapest
 * edge to another component; a node is skipped when all its points share the query's component,
 * or when its lower bound max(core(q), min core in node, box distance) cannot beat the best edge
 * already found for the query's component. All work is in squared distances.
 */
import { KdTree } from './kd-tree';

export interface SpanningTree {
  /** rows − 1 edges (a[i], b[i]) with weights (mutual reachability distance), unsorted. */
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[x] !== root) {
      const next = this.parent[x];
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  /** Joins the sets; the smaller root id becomes the representative (keeps results order-independent). */
  union(a: number, b: number): boolean {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return false;
    if (rootA < rootB) this.parent[rootB] = rootA;
    else this.parent[rootA] = rootB;
    return true;
  }
}

export function mutualReachabilityTree(tree: KdTree, coreSquared: Float64Array): SpanningTree {
  const rows = coreSquared.length;
  const edges = Math.max(0, rows - 1);
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const weight = new Float64Array(edges);
  const { order, nodeStart, nodeEnd, left, right, nodeCount } = tree;

  // Smallest core distance in each node: children have larger ids than parents.
  const nodeMinCore = new Float64Array(nodeCount).fill(Infinity);
  for (let node = nodeCount - 1; node >= 0; node--) {
    if (left[node] < 0) {
      for (let i = nodeStart[node]; i < nodeEnd[node]; i++) nodeMinCore[node] = Math.min(nodeMinCore[node], coreSquared[order[i]]);
    } else {
      nodeMinCore[node] = Math.min(nodeMinCore[left[node]], nodeMinCore[right[node]]);
    }
  }

  const components = new UnionFind(rows);
  const component = new Int32Array(rows);
  const nodeComponent = new Int32Array(nodeCount);
  const bestWeight = new Float64Array(rows);
  const bestFrom = new Int32Array(rows);
  const bestTo = new Int32Array(rows);
  const stack = new Int32Array(256);
  let added = 0;

  while (added < edges) {
    for (let p = 0; p < rows; p++) component[p] = components.find(p);
    // A node's component, or -1 when its points belong to several.
    for (let node = nodeCount - 1; node >= 0; node--) {
      if (left[node] < 0) {
        const first = component[order[nodeStart[node]]];
        let uniform = first;
        for (let i = nodeStart[node] + 1; i < nodeEnd[node]; i++) if (component[order[i]] !== first) uniform = -1;
        nodeComponent[node] = uniform;
      } else {
        const l = nodeComponent[left[node]];
        nodeComponent[node] = l === nodeComponent[right[node]] ? l : -1;
      }
    }
    bestWeight.fill(Infinity);
    bestFrom.fill(-1);

    for (let q = 0; q < rows; q++) {
      const c = component[q];
      const coreQ = coreSquared[q];
      if (coreQ >= bestWeight[c]) continue; // every edge from q costs at least core(q)
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        if (nodeComponent[node] === c) continue;
        const bound = Math.max(coreQ, nodeMinCore[node], tree.boxDistanceSquared(node, q));
        if (bound >= bestWeight[c]) continue;
        if (left[node] < 0) {
          for (let i = nodeStart[node]; i < nodeEnd[node]; i++) {
            const p = order[i];
            if (component[p] === c) continue;
            const mrd = Math.max(coreQ, coreSquared[p], tree.distanceSquared(q, p));
            if (mrd < bestWeight[c]) {
              bestWeight[c] = mrd;
              bestFrom[c] = q;
              bestTo[c] = p;
            }
          }
          continue;
        }
        const l = left[node];
        const r = right[node];
        if (tree.boxDistanceSquared(l, q) <= tree.boxDistanceSquared(r, q)) {
          stack[top++] = r;
          stack[top++] = l;
        } else {
          stack[top++] = l;
          stack[top++] = r;
        }
      }
    }

    let progress = false;
    for (let c = 0; c < rows; c++) {
      if (bestFrom[c] < 0 || component[c] !== c) continue;
      if (components.union(bestFrom[c], bestTo[c])) {
        from[added] = bestFrom[c];
        to[added] = bestTo[c];
        weight[added++] = Math.sqrt(bestWeight[c]);
        progress = true;
      }
    }
    if (!progress) break;
  }
  return { from, to, weight };
}
