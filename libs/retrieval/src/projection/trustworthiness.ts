/**
 * Trustworthiness (Venna & Kaski 2001) exactly as scikit-learn's sklearn.manifold.trustworthiness:
 *   T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nᵏᵢ(embedded)} max(0, r(i, j) − k)
 * where r(i, j) is j's rank among i's neighbours in the original space (nearest = 1). Ties in
 * distance are ranked by row index (scikit-learn leaves their order to argsort). O(n²·d), so large
 * inputs are measured on a seeded sample, as the pipeline does.
 */
import { ProjectionError } from './errors';
import { squaredDistance } from './neighbor-heap';
import { sampleIndices, SeededRandom } from './random';
import type { Metric } from './vectors';

/** Distances from row i to every listed row: squared euclidean (same order as euclidean) or cosine. */
function rowDistances(data: Float32Array, dims: number, rows: ArrayLike<number>, i: number, metric: Metric, norms: Float64Array | undefined, out: Float64Array): void {
  rowDistancesFrom(data, dims, rows, i, metric, norms, out, 0);
}

/** rowDistances for the listed rows from index `first` on. */
function rowDistancesFrom(data: Float32Array, dims: number, rows: ArrayLike<number>, i: number, metric: Metric, norms: Float64Array | undefined, out: Float64Array, first: number): void {
  const baseI = rows[i] * dims;
  const cosine = metric === 'cosine';
  for (let l = first; l < rows.length; l++) {
    if (!cosine) {
      out[l] = squaredDistance(data, dims, rows[i], rows[l]);
      continue;
    }
    const baseL = rows[l] * dims;
    // Four running sums so the additions can overlap.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 4 <= dims; j += 4) {
      s0 += data[baseI + j] * data[baseL + j];
      s1 += data[baseI + j + 1] * data[baseL + j + 1];
      s2 += data[baseI + j + 2] * data[baseL + j + 2];
      s3 += data[baseI + j + 3] * data[baseL + j + 3];
    }
    for (; j < dims; j++) s0 += data[baseI + j] * data[baseL + j];
    const denominator = norms![i] * norms![l];
    out[l] = denominator === 0 ? 1 : 1 - (s0 + s1 + (s2 + s3)) / denominator;
  }
}

function rowNorms(data: Float32Array, dims: number, rows: ArrayLike<number>): Float64Array {
  const norms = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let sum = 0;
    for (let j = 0, base = rows[i] * dims; j < dims; j++) sum += data[base + j] * data[base + j];
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}

/** True when l comes before j in i's neighbour order (closer, or as close with a smaller index). */
function before(distances: Float64Array, l: number, j: number): boolean {
  return distances[l] < distances[j] || (distances[l] === distances[j] && l < j);
}

/**
 * Trustworthiness of `embedded` (n×embeddedDims) as a picture of `original` (n×dims) on the rows
 * listed in `rows` (all rows when omitted); needs k < n/2 like scikit-learn.
 */
export function trustworthiness(
  original: Float32Array,
  dims: number,
  embedded: Float32Array,
  embeddedDims: number,
  k = 5,
  options: { metric?: Metric; rows?: ArrayLike<number>; /** Rows up to which the n×n original distances are kept (default 4,096 = 128 MiB). */ matrixLimit?: number } = {},
): number {
  const total = original.length / dims;
  if (embedded.length / embeddedDims !== total) throw new ProjectionError('invalid_shape', `original has ${total} rows, embedding ${embedded.length / embeddedDims}`);
  const rows = options.rows ?? Int32Array.from({ length: total }, (_, i) => i);
  const n = rows.length;
  if (!(k >= 1 && k < n / 2)) throw new ProjectionError('invalid_option', `trustworthiness needs 1 ≤ k < n/2, got k = ${k} for n = ${n}`);
  const metric = options.metric ?? 'euclidean';
  const norms = metric === 'cosine' ? rowNorms(original, dims, rows) : undefined;
  // Original-space distances are symmetric: up to 4,096 rows (128 MiB) compute the upper triangle
  // once and keep it; above that, one row at a time.
  const keepMatrix = n <= (options.matrixLimit ?? 4096);
  const originalMatrix = new Float64Array(keepMatrix ? n * n : n);
  const scratch = new Float64Array(n);
  for (let i = 0; keepMatrix && i < n; i++) {
    rowDistancesFrom(original, dims, rows, i, metric, norms, scratch, i + 1);
    for (let l = i + 1; l < n; l++) {
      originalMatrix[i * n + l] = scratch[l];
      originalMatrix[l * n + i] = scratch[l];
    }
  }
  const embeddedDistances = new Float64Array(n);
  const nearest = new Int32Array(k);
  let penalty = 0;

  for (let i = 0; i < n; i++) {
    rowDistances(embedded, embeddedDims, rows, i, 'euclidean', undefined, embeddedDistances);
    embeddedDistances[i] = Infinity;
    // k nearest in the embedding, kept sorted by insertion (k is small).
    let found = 0;
    for (let l = 0; l < n; l++) {
      if (l === i) continue;
      if (found === k && !before(embeddedDistances, l, nearest[k - 1])) continue;
      let position = found < k ? found++ : k - 1;
      while (position > 0 && before(embeddedDistances, l, nearest[position - 1])) {
        nearest[position] = nearest[position - 1];
        position--;
      }
      nearest[position] = l;
    }
    const originalDistances = keepMatrix ? originalMatrix.subarray(i * n, (i + 1) * n) : originalMatrix;
    if (!keepMatrix) rowDistances(original, dims, rows, i, metric, norms, originalDistances);
    originalDistances[i] = -Infinity; // the point itself is rank 0
    for (let m = 0; m < k; m++) {
      const j = nearest[m];
      let rank = 0;
      for (let l = 0; l < n; l++) if (before(originalDistances, l, j)) rank++;
      // rank counts the point itself, so j's 1-based rank among the others is `rank`.
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - penalty * (2 / (n * k * (2 * n - 3 * k - 1)));
}

/** Trustworthiness on a seeded sample of at most `sampleSize` rows (all rows when n is smaller). */
export function sampledTrustworthiness(
  original: Float32Array,
  dims: number,
  embedded: Float32Array,
  embeddedDims: number,
  options: { k?: number; sampleSize?: number; seed?: number; metric?: Metric } = {},
): { value: number; k: number; sampleSize: number } {
  const total = original.length / dims;
  const k = options.k ?? 15;
  const rows = sampleIndices(total, Math.min(total, options.sampleSize ?? 1000), new SeededRandom(options.seed ?? 42));
  return { value: trustworthiness(original, dims, embedded, embeddedDims, k, { metric: options.metric, rows }), k, sampleSize: rows.length };
}
