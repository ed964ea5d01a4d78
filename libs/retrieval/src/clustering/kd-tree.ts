/**
 * A static kd-tree over low-dimensional points (the 2-D/3-D map or a small reduced space) in flat
 * typed arrays: nodes split the widest box side at the median; leaves hold up to `leafSize` points.
 * Used for HDBSCAN's core distances and its Borůvka spanning tree.
 */
export class KdTree {
  /** Point indices, permuted so each node owns a contiguous range. */
  readonly order: Int32Array;
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  /** Child node ids, -1 for leaves. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bounding boxes, nodes×dims. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly nodeCount: number;

  constructor(
    readonly points: Float32Array,
    readonly dims: number,
    readonly leafSize = 16,
  ) {
    const rows = points.length / dims;
    this.order = Int32Array.from({ length: rows }, (_, i) => i);
    const capacity = Math.max(1, 2 * Math.ceil(rows / Math.max(1, leafSize >> 1)) + 1);
    this.nodeStart = new Int32Array(capacity);
    this.nodeEnd = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.lower = new Float64Array(capacity * dims);
    this.upper = new Float64Array(capacity * dims);
    let count = 0;
    const stack: number[] = [];
    const newNode = (start: number, end: number) => {
      const node = count++;
      this.nodeStart[node] = start;
      this.nodeEnd[node] = end;
      stack.push(node);
      return node;
    };
    newNode(0, rows);
    while (stack.length) {
      const node = stack.pop()!;
      const start = this.nodeStart[node];
      const end = this.nodeEnd[node];
      let widest = 0;
      let widestSpan = -1;
      for (let d = 0; d < dims; d++) {
        let low = Infinity;
        let high = -Infinity;
        for (let i = start; i < end; i++) {
          const value = points[this.order[i] * dims + d];
          if (value < low) low = value;
          if (value > high) high = value;
        }
        this.lower[node * dims + d] = low;
        this.upper[node * dims + d] = high;
        if (high - low > widestSpan) {
          widestSpan = high - low;
          widest = d;
        }
      }
      if (end - start <= leafSize || widestSpan <= 0) continue;
      const middle = (start + end) >> 1;
      this.selectNth(start, end, middle, widest);
      this.left[node] = newNode(start, middle);
      this.right[node] = newNode(middle, end);
    }
    this.nodeCount = count;
  }

  /** Quickselect on `order[start, end)` by coordinate `dim` so position `nth` holds its order statistic. */
  private selectNth(start: number, end: number, nth: number, dim: number): void {
    const { order, points, dims } = this;
    let lo = start;
    let hi = end - 1;
    while (lo < hi) {
      const pivot = points[order[(lo + hi) >> 1] * dims + dim];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (points[order[i] * dims + dim] < pivot) i++;
        while (points[order[j] * dims + dim] > pivot) j--;
        if (i <= j) {
          const swap = order[i];
          order[i] = order[j];
          order[j] = swap;
          i++;
          j--;
        }
      }
      if (nth <= j) hi = j;
      else if (nth >= i) lo = i;
      else return;
    }
  }

  /** Squared distance from point `p` to node's box (0 inside). */
  boxDistanceSquared(node: number, p: number): number {
    const { dims, points } = this;
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const value = points[p * dims + d];
      const low = this.lower[node * dims + d];
      const high = this.upper[node * dims + d];
      const gap = value < low ? low - value : value > high ? value - high : 0;
      sum += gap * gap;
    }
    return sum;
  }

  distanceSquared(a: number, b: number): number {
    const { dims, points } = this;
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const diff = points[a * dims + d] - points[b * dims + d];
      sum += diff * diff;
    }
    return sum;
  }

  /**
   * Squared distance from every point to its k-th nearest point, counting the point itself as the
   * first (scikit-learn's HDBSCAN core distance for min_samples = k).
   */
  kthNeighborDistancesSquared(k: number): Float64Array {
    const rows = this.points.length / this.dims;
    const result = new Float64Array(rows);
    const heap = new Float64Array(k); // max-heap of the k smallest squared distances
    const stack = new Int32Array(64 * 2);
    for (let p = 0; p < rows; p++) {
      heap.fill(Infinity);
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const node = stack[--top];
        if (this.boxDistanceSquared(node, p) >= heap[0]) continue;
        const leftChild = this.left[node];
        if (leftChild < 0) {
          for (let i = this.nodeStart[node]; i < this.nodeEnd[node]; i++) {
            const distance = this.distanceSquared(p, this.order[i]);
            if (distance < heap[0]) replaceTop(heap, distance);
          }
          continue;
        }
        const rightChild = this.right[node];
        // Visit the nearer child first (pushed last).
        if (this.boxDistanceSquared(leftChild, p) <= this.boxDistanceSquared(rightChild, p)) {
          stack[top++] = rightChild;
          stack[top++] = leftChild;
        } else {
          stack[top++] = leftChild;
          stack[top++] = rightChild;
        }
      }
      result[p] = heap[0];
    }
    return result;
  }
}

function replaceTop(heap: Float64Array, value: number): void {
  const size = heap.length;
  let position = 0;
  for (;;) {
    const left = 2 * position + 1;
    const right = left + 1;
    let largest = position;
    let largestValue = value;
    if (left < size && heap[left] > largestValue) {
      largest = left;
      largestValue = heap[left];
    }
    if (right < size && heap[right] > largestValue) largest = right;
    if (largest === position) break;
    heap[position] = heap[largest];
    position = largest;
  }
  heap[position] = value;
}
