/**
 * A uniform grid over 2-D points (counting sort into cells: two Int32Arrays), for nearest
 * neighbours and rectangle queries without per-point objects.
 */
export interface GridIndex {
  cols: number;
  rows: number;
  minX: number;
  minY: number;
  cellSize: number;
  /** cellStart[c]..cellStart[c+1] index into items */
  cellStart: Int32Array;
  items: Int32Array;
  positions: Float32Array;
  stride: number;
}

export function buildGrid(positions: Float32Array, stride: number, length: number, targetPerCell = 8): GridIndex {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < length; i++) {
    const x = positions[i * stride];
    const y = positions[i * stride + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!length) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  const width = Math.max(maxX - minX, 1e-9);
  const height = Math.max(maxY - minY, 1e-9);
  const cells = Math.max(1, Math.ceil(length / targetPerCell));
  const cellSize = Math.max(Math.sqrt((width * height) / cells), Math.max(width, height) / 4096);
  const cols = Math.max(1, Math.ceil(width / cellSize) + 1);
  const rows = Math.max(1, Math.ceil(height / cellSize) + 1);
  const cellOf = new Int32Array(length);
  const cellStart = new Int32Array(cols * rows + 1);
  for (let i = 0; i < length; i++) {
    const cx = Math.floor((positions[i * stride] - minX) / cellSize);
    const cy = Math.floor((positions[i * stride + 1] - minY) / cellSize);
    const c = cy * cols + cx;
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
  const fillAt = cellStart.slice(0, cols * rows);
  const items = new Int32Array(length);
  for (let i = 0; i < length; i++) items[fillAt[cellOf[i]]++] = i;
  return { cols, rows, minX, minY, cellSize, cellStart, items, positions, stride };
}

/** The k nearest points to (x, y) by 2-D distance, nearest first (ring search outwards). */
export function kNearest(grid: GridIndex, x: number, y: number, k: number, exclude = -1): Array<{ index: number; distance: number }> {
  const { cols, rows, cellSize, minX, minY, cellStart, items, positions, stride } = grid;
  const cx = Math.min(cols - 1, Math.max(0, Math.floor((x - minX) / cellSize)));
  const cy = Math.min(rows - 1, Math.max(0, Math.floor((y - minY) / cellSize)));
  const best: Array<{ index: number; d2: number }> = [];
  const consider = (c: number) => {
    for (let j = cellStart[c]; j < cellStart[c + 1]; j++) {
      const i = items[j];
      if (i === exclude) continue;
      const dx = positions[i * stride] - x;
      const dy = positions[i * stride + 1] - y;
      const d2 = dx * dx + dy * dy;
      if (best.length < k || d2 < best[best.length - 1].d2) {
        let at = best.length;
        while (at > 0 && best[at - 1].d2 > d2) at--;
        best.splice(at, 0, { index: i, d2 });
        if (best.length > k) best.pop();
      }
    }
  };
  const maxRing = Math.max(cols, rows);
  for (let ring = 0; ring <= maxRing; ring++) {
    for (let gy = cy - ring; gy <= cy + ring; gy++) {
      if (gy < 0 || gy >= rows) continue;
      for (let gx = cx - ring; gx <= cx + ring; gx++) {
        if (gx < 0 || gx >= cols) continue;
        if (Math.max(Math.abs(gx - cx), Math.abs(gy - cy)) !== ring) continue;
        consider(gy * cols + gx);
      }
    }
    // every point outside this ring is at least ring × cellSize away
    if (best.length === k && best[k - 1].d2 <= (ring * cellSize) ** 2) break;
  }
  return best.map((b) => ({ index: b.index, distance: Math.sqrt(b.d2) }));
}

/** Rows of the points inside a rectangle (map units), in row order. */
export function pointsInBox(positions: Float32Array, stride: number, length: number, box: { x0: number; y0: number; x1: number; y1: number }): Int32Array {
  const x0 = Math.min(box.x0, box.x1);
  const x1 = Math.max(box.x0, box.x1);
  const y0 = Math.min(box.y0, box.y1);
  const y1 = Math.max(box.y0, box.y1);
  let count = 0;
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const x = positions[i * stride];
    const y = positions[i * stride + 1];
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out[count++] = i;
  }
  return out.slice(0, count);
}
