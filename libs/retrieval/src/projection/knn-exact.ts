import { NeighborHeaps, squaredDistance } from './neighbor-heap';
import type { Steps } from './steps';

/**
 * Exact k nearest *other* points by blocked brute force over all pairs (each pair computed once and
 * offered to both rows). Blocks of rows keep the candidate block in cache.
 */
export function* exactNeighborHeaps(data: Float32Array, dims: number, neighbors: number): Steps<NeighborHeaps> {
  const rows = data.length / dims;
  const heaps = new NeighborHeaps(rows, neighbors);
  const block = 256;
  for (let start = 0; start < rows; start += block) {
    const end = Math.min(rows, start + block);
    for (let otherStart = start; otherStart < rows; otherStart += block) {
      const otherEnd = Math.min(rows, otherStart + block);
      for (let a = start; a < end; a++) {
        for (let b = Math.max(otherStart, a + 1); b < otherEnd; b++) {
          const distance = squaredDistance(data, dims, a, b);
          if (distance < heaps.worst(a)) heaps.push(a, distance, b, false);
          if (distance < heaps.worst(b)) heaps.push(b, distance, a, false);
        }
      }
    }
    yield end / rows;
  }
  return heaps;
}

/** Exact k nearest training rows for each query row (training rows are not excluded). */
export function exactQueryHeaps(train: Float32Array, queries: Float32Array, dims: number, neighbors: number): NeighborHeaps {
  const trainRows = train.length / dims;
  const queryRows = queries.length / dims;
  const heaps = new NeighborHeaps(queryRows, neighbors);
  for (let q = 0; q < queryRows; q++) {
    const queryBase = q * dims;
    for (let t = 0; t < trainRows; t++) {
      const trainBase = t * dims;
      let sum = 0;
      for (let j = 0; j < dims; j++) {
        const diff = queries[queryBase + j] - train[trainBase + j];
        sum += diff * diff;
      }
      if (sum < heaps.worst(q)) heaps.push(q, sum, t, false);
    }
  }
  return heaps;
}
