/**
 * UMAP's fuzzy simplicial set over a kNN graph, with umap-js semantics (smooth_knn_dist,
 * membership strengths, fuzzy union) but built straight into CSR typed arrays: umap-js keeps the
 * graph in a Map keyed by "row:col" strings, which dominates its run time above ~10k points.
 */
import type { KnnGraph } from './neighbor-heap';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

export interface SmoothDistances {
  sigmas: Float64Array;
  rhos: Float64Array;
}

/** Per-row rho (distance to the local-connectivity-th neighbour) and sigma (bandwidth) by bisection. */
export function smoothKnnDistances(graph: KnnGraph, localConnectivity = 1, iterations = 64, bandwidth = 1): SmoothDistances {
  const { rows, k, distances } = graph;
  const target = Math.log2(k) * bandwidth;
  const sigmas = new Float64Array(rows);
  const rhos = new Float64Array(rows);
  let meanOfAll = 0;
  for (let i = 0; i < distances.length; i++) if (Number.isFinite(distances[i])) meanOfAll += distances[i];
  meanOfAll /= distances.length;
  const nonZero = new Float64Array(k);

  for (let row = 0; row < rows; row++) {
    const base = row * k;
    let nonZeroCount = 0;
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      const distance = distances[base + j];
      rowSum += distance;
      if (distance > 0) nonZero[nonZeroCount++] = distance;
    }
    let rho = 0;
    if (nonZeroCount >= localConnectivity) {
      const index = Math.floor(localConnectivity);
      const interpolation = localConnectivity - index;
      if (index > 0) {
        rho = nonZero[index - 1];
        if (interpolation > SMOOTH_K_TOLERANCE) rho += interpolation * (nonZero[index] - nonZero[index - 1]);
      } else {
        rho = interpolation * nonZero[0];
      }
    } else if (nonZeroCount > 0) {
      rho = nonZero[nonZeroCount - 1];
    }

    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let n = 0; n < iterations; n++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const d = distances[base + j] - rho;
        psum += d > 0 ? Math.exp(-(d / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? rowSum / k : meanOfAll);
    sigmas[row] = Math.max(mid, floor);
    rhos[row] = rho;
  }
  return { sigmas, rhos };
}

/** Membership strength of each kNN edge (row-major, same layout as graph.indices). */
export function membershipStrengths(graph: KnnGraph, smooth: SmoothDistances, skipSelf: boolean): Float32Array {
  const { rows, k, indices, distances } = graph;
  const strengths = new Float32Array(rows * k);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < k; j++) {
      const slot = row * k + j;
      const neighbour = indices[slot];
      if (neighbour < 0 || (skipSelf && neighbour === row)) continue;
      const d = distances[slot] - smooth.rhos[row];
      strengths[slot] = d <= 0 ? 1 : Math.exp(-(d / smooth.sigmas[row]));
    }
  }
  return strengths;
}

/** Symmetric sparse graph in CSR form. */
export interface CsrGraph {
  rows: number;
  rowStarts: Int32Array;
  columns: Int32Array;
  values: Float32Array;
}

/**
 * Fuzzy union A + Aᵀ − A∘Aᵀ (mixed with the intersection by setOpMixRatio), as CSR with columns
 * ascending in each row. Each directed kNN edge is emitted in both directions; a pair seen twice
 * had an edge both ways.
 */
export function fuzzyUnion(graph: KnnGraph, strengths: Float32Array, setOpMixRatio = 1): CsrGraph {
  const { rows, k, indices } = graph;
  const counts = new Int32Array(rows + 1);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < k; j++) {
      const slot = row * k + j;
      if (strengths[slot] <= 0) continue;
      counts[row + 1]++;
      counts[indices[slot] + 1]++;
    }
  }
  for (let row = 0; row < rows; row++) counts[row + 1] += counts[row];
  const fill = counts.slice(0, rows);
  const rawColumns = new Int32Array(counts[rows]);
  const rawValues = new Float32Array(counts[rows]);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < k; j++) {
      const slot = row * k + j;
      const value = strengths[slot];
      if (value <= 0) continue;
      const neighbour = indices[slot];
      rawColumns[fill[row]] = neighbour;
      rawValues[fill[row]++] = value;
      rawColumns[fill[neighbour]] = row;
      rawValues[fill[neighbour]++] = value;
    }
  }

  const rowStarts = new Int32Array(rows + 1);
  const columns = new Int32Array(counts[rows]);
  const values = new Float32Array(counts[rows]);
  let out = 0;
  for (let row = 0; row < rows; row++) {
    const start = counts[row];
    const end = counts[row + 1];
    // Insertion sort by column: rows hold ~2k entries.
    for (let i = start + 1; i < end; i++) {
      const column = rawColumns[i];
      const value = rawValues[i];
      let j = i - 1;
      while (j >= start && rawColumns[j] > column) {
        rawColumns[j + 1] = rawColumns[j];
        rawValues[j + 1] = rawValues[j];
        j--;
      }
      rawColumns[j + 1] = column;
      rawValues[j + 1] = value;
    }
    rowStarts[row] = out;
    for (let i = start; i < end; i++) {
      if (i + 1 < end && rawColumns[i + 1] === rawColumns[i]) {
        const a = rawValues[i];
        const b = rawValues[i + 1];
        const product = a * b;
        columns[out] = rawColumns[i];
        values[out++] = setOpMixRatio * (a + b - product) + (1 - setOpMixRatio) * product;
        i++;
      } else {
        // Edge one way only: the union keeps it, the intersection (product with 0) drops it.
        columns[out] = rawColumns[i];
        values[out++] = setOpMixRatio * rawValues[i];
      }
    }
  }
  rowStarts[rows] = out;
  return { rows, rowStarts, columns: columns.slice(0, out), values: values.slice(0, out) };
}
