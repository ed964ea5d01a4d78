import { ProjectionError } from './errors';

export type Metric = 'euclidean' | 'cosine';

/** Row-major n×d matrix of float32 vectors. */
export interface VectorMatrix {
  data: Float32Array;
  rows: number;
  dims: number;
}

export function checkShape(data: Float32Array, dims: number): number {
  if (!Number.isInteger(dims) || dims < 1) throw new ProjectionError('invalid_shape', `dimension must be a positive integer, got ${dims}`);
  if (data.length % dims !== 0) {
    throw new ProjectionError('invalid_shape', `vector buffer length ${data.length} is not a multiple of the dimension ${dims}`);
  }
  return data.length / dims;
}

function listRows(rows: ArrayLike<number>, limit = 10): string {
  const shown = Array.from(rows).slice(0, limit).join(', ');
  return rows.length > limit ? `${shown}, … (${rows.length} rows)` : shown;
}

/** Rejects NaN/Infinity with the offending row indices, so the caller can find the bad records. */
export function rejectNonFinite(data: Float32Array, dims: number): void {
  const rows = checkShape(data, dims);
  const bad: number[] = [];
  for (let i = 0; i < rows; i++) {
    const base = i * dims;
    for (let j = 0; j < dims; j++) {
      if (!Number.isFinite(data[base + j])) {
        bad.push(i);
        break;
      }
    }
  }
  if (bad.length) {
    throw new ProjectionError('non_finite_values', `vectors contain NaN or Infinity in rows ${listRows(bad)}`, Int32Array.from(bad));
  }
}

export interface PreparedVectors extends VectorMatrix {
  /** Original row index of each prepared row. */
  keptRows: Int32Array;
  /** Rows left out (all-zero vectors under cosine, which have no direction). */
  excludedRows: Int32Array;
}

/**
 * Validates the input and, for cosine, returns unit-length copies of the rows: on unit vectors
 * squared euclidean distance is 2·(cosine distance), so every later stage can work in euclidean
 * space and convert only the reported distances.
 */
export function prepareVectors(data: Float32Array, dims: number, metric: Metric): PreparedVectors {
  const rows = checkShape(data, dims);
  rejectNonFinite(data, dims);
  if (metric === 'euclidean') {
    return { data, rows, dims, keptRows: Int32Array.from({ length: rows }, (_, i) => i), excludedRows: new Int32Array(0) };
  }
  const norms = new Float64Array(rows);
  const excluded: number[] = [];
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = i * dims, end = j + dims; j < end; j++) sum += data[j] * data[j];
    norms[i] = Math.sqrt(sum);
    if (norms[i] === 0) excluded.push(i);
  }
  const kept = new Int32Array(rows - excluded.length);
  const out = new Float32Array(kept.length * dims);
  for (let i = 0, row = 0; i < rows; i++) {
    if (norms[i] === 0) continue;
    kept[row] = i;
    const inverse = 1 / norms[i];
    for (let j = 0; j < dims; j++) out[row * dims + j] = data[i * dims + j] * inverse;
    row++;
  }
  return { data: out, rows: kept.length, dims, keptRows: kept, excludedRows: Int32Array.from(excluded) };
}

export function describeRows(rows: ArrayLike<number>): string {
  return listRows(rows);
}
