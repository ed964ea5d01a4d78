/**
 * Fixed-size max-heaps of (distance, index) pairs, one per row, packed into flat typed arrays so
 * that a 100k×15 neighbour table is two allocations instead of 1.5M objects.
 */
export class NeighborHeaps {
  readonly indices: Int32Array;
  readonly distances: Float32Array;
  /** 1 while a neighbour has not yet been used in an NN-descent local join. */
  readonly isNew: Uint8Array;

  constructor(
    readonly rows: number,
    readonly size: number,
  ) {
    this.indices = new Int32Array(rows * size).fill(-1);
    this.distances = new Float32Array(rows * size).fill(Infinity);
    this.isNew = new Uint8Array(rows * size);
  }

  /** Largest distance kept for `row` (Infinity while the heap is not full). */
  worst(row: number): number {
    return this.distances[row * this.size];
  }

  /** Inserts unless the heap is full of closer points or already holds `index`; returns whether it did. */
  push(row: number, distance: number, index: number, isNew: boolean): boolean {
    const size = this.size;
    const base = row * size;
    const distances = this.distances;
    const indices = this.indices;
    if (!(distance < distances[base])) return false;
    for (let i = 0; i < size; i++) if (indices[base + i] === index) return false;
    // Replace the root and sift down.
    let position = 0;
    for (;;) {
      const left = 2 * position + 1;
      const right = left + 1;
      let largest = position;
      let largestDistance = distance;
      if (left < size && distances[base + left] > largestDistance) {
        largest = left;
        largestDistance = distances[base + left];
      }
      if (right < size && distances[base + right] > largestDistance) largest = right;
      if (largest === position) break;
      distances[base + position] = distances[base + largest];
      indices[base + position] = indices[base + largest];
      this.isNew[base + position] = this.isNew[base + largest];
      position = largest;
    }
    distances[base + position] = distance;
    indices[base + position] = index;
    this.isNew[base + position] = isNew ? 1 : 0;
    return true;
  }
}

export interface KnnGraph {
  /** Points (rows) in the graph. */
  rows: number;
  /** Neighbours per row, the row itself first (as in umap-learn, where a point is its own nearest neighbour). */
  k: number;
  /** rows×k neighbour indices, nearest first; -1 where fewer than k neighbours exist. */
  indices: Int32Array;
  /** rows×k distances in the requested metric (cosine: 1 − cos), ascending. */
  distances: Float32Array;
}

/**
 * Turns heaps of squared euclidean distances into a KnnGraph sorted by (distance, index), so that
 * ties come out the same way every run. With `includeSelf` (a graph over one point set) each row's
 * own index is put first at distance 0, as in umap-learn.
 */
export function heapsToGraph(heaps: NeighborHeaps, convert: (squared: number) => number, includeSelf = true): KnnGraph {
  const { rows, size } = heaps;
  const shift = includeSelf ? 1 : 0;
  const k = size + shift;
  const indices = new Int32Array(rows * k);
  const distances = new Float32Array(rows * k);
  const rowIndices = new Int32Array(size);
  const rowDistances = new Float32Array(size);
  for (let row = 0; row < rows; row++) {
    const base = row * size;
    // Insertion sort by (distance, index): rows are short, and typed arrays avoid comparator calls.
    for (let i = 0; i < size; i++) {
      const index = heaps.indices[base + i];
      const distance = heaps.distances[base + i];
      let j = i - 1;
      while (j >= 0 && (rowDistances[j] > distance || (rowDistances[j] === distance && rowIndices[j] > index))) {
        rowDistances[j + 1] = rowDistances[j];
        rowIndices[j + 1] = rowIndices[j];
        j--;
      }
      rowDistances[j + 1] = distance;
      rowIndices[j + 1] = index;
    }
    if (includeSelf) {
      indices[row * k] = row;
      distances[row * k] = 0;
    }
    for (let i = 0; i < size; i++) {
      const neighbour = rowIndices[i];
      indices[row * k + shift + i] = neighbour;
      distances[row * k + shift + i] = neighbour < 0 ? Infinity : convert(rowDistances[i]);
    }
  }
  return { rows, k, indices, distances };
}

/** Squared euclidean distance between rows a and b; four running sums so the adds can overlap. */
export function squaredDistance(data: Float32Array, dims: number, a: number, b: number): number {
  const baseA = a * dims;
  const baseB = b * dims;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 4 <= dims; j += 4) {
    const d0 = data[baseA + j] - data[baseB + j];
    const d1 = data[baseA + j + 1] - data[baseB + j + 1];
    const d2 = data[baseA + j + 2] - data[baseB + j + 2];
    const d3 = data[baseA + j + 3] - data[baseB + j + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; j < dims; j++) {
    const d = data[baseA + j] - data[baseB + j];
    s0 += d * d;
  }
  return s0 + s1 + (s2 + s3);
}
