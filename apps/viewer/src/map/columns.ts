import { tableFromIPC, type Table } from 'apache-arrow';

/**
 * The map's points as columns: what deck.gl draws straight from (positions), what colours come
 * from (cluster), and the ids kept as Arrow's utf8 buffers (one byte array + offsets) so that a
 * million ids cost two typed arrays, not a million strings. Row i of every column is point i.
 */
export interface MapColumns {
  length: number;
  /** 2 or 3 */
  dims: number;
  /** interleaved x, y[, z]: the getPosition binary attribute */
  positions: Float32Array;
  cluster: Int32Array;
  ids: IdColumn;
  bounds: Bounds;
}

export interface IdColumn {
  offsets: Int32Array;
  bytes: Uint8Array;
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  minZ: number;
  maxZ: number;
}

export function decodeMapColumns(ipc: Uint8Array): MapColumns {
  const table: Table = tableFromIPC(ipc);
  const length = table.numRows;
  const x = floatColumn(table, 'x');
  const y = floatColumn(table, 'y');
  const zVector = table.getChild('z');
  const z = zVector ? floatColumn(table, 'z') : null;
  const dims = z ? 3 : 2;
  const positions = new Float32Array(length * dims);
  const bounds: Bounds = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity, minZ: 0, maxZ: 0 };
  if (z) {
    bounds.minZ = Infinity;
    bounds.maxZ = -Infinity;
  }
  for (let i = 0; i < length; i++) {
    const px = x[i];
    const py = y[i];
    positions[i * dims] = px;
    positions[i * dims + 1] = py;
    if (px < bounds.minX) bounds.minX = px;
    if (px > bounds.maxX) bounds.maxX = px;
    if (py < bounds.minY) bounds.minY = py;
    if (py > bounds.maxY) bounds.maxY = py;
    if (z) {
      const pz = z[i];
      positions[i * 3 + 2] = pz;
      if (pz < bounds.minZ) bounds.minZ = pz;
      if (pz > bounds.maxZ) bounds.maxZ = pz;
    }
  }
  if (length === 0) Object.assign(bounds, { minX: -1, maxX: 1, minY: -1, maxY: 1, minZ: 0, maxZ: 0 });
  const clusterVector = table.getChild('cluster');
  const cluster = clusterVector ? (clusterVector.toArray() as Int32Array) : new Int32Array(length).fill(-1);
  return { length, dims, positions, cluster, ids: idColumn(table), bounds };
}

function floatColumn(table: Table, name: string): Float32Array {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the map points have no ${name} column`);
  return vector.toArray() as Float32Array;
}

/** Joins the utf8 chunks of the id column into one buffer and one offsets array. */
function idColumn(table: Table): IdColumn {
  const vector = table.getChild('id');
  if (!vector) throw new Error('the map points have no id column');
  const chunks = vector.data;
  if (chunks.length === 1) {
    const data = chunks[0];
    const offsets = data.valueOffsets as Int32Array;
    const base = offsets[0];
    return {
      offsets: base === 0 ? offsets.subarray(0, data.length + 1) : offsets.subarray(0, data.length + 1).map((o) => o - base),
      bytes: (data.values as Uint8Array).subarray(base, offsets[data.length]),
    };
  }
  const total = chunks.reduce((sum, d) => sum + ((d.valueOffsets as Int32Array)[d.length] - (d.valueOffsets as Int32Array)[0]), 0);
  const offsets = new Int32Array(table.numRows + 1);
  const bytes = new Uint8Array(total);
  let row = 0;
  let at = 0;
  for (const data of chunks) {
    const o = data.valueOffsets as Int32Array;
    bytes.set((data.values as Uint8Array).subarray(o[0], o[data.length]), at);
    for (let i = 1; i <= data.length; i++) offsets[row + i] = at + o[i] - o[0];
    row += data.length;
    at += o[data.length] - o[0];
  }
  return { offsets, bytes };
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function idAt(ids: IdColumn, index: number): string {
  return decoder.decode(ids.bytes.subarray(ids.offsets[index], ids.offsets[index + 1]));
}

/** Row of an id, by comparing bytes (no strings made); -1 when absent. */
export function findId(ids: IdColumn, id: string): number {
  const target = encoder.encode(id);
  const n = ids.offsets.length - 1;
  const { offsets, bytes } = ids;
  outer: for (let i = 0; i < n; i++) {
    const start = offsets[i];
    if (offsets[i + 1] - start !== target.length) continue;
    for (let j = 0; j < target.length; j++) if (bytes[start + j] !== target[j]) continue outer;
    return i;
  }
  return -1;
}

/** id → row for many look-ups (event documents, payload pages); built once per map when needed. */
export function idIndex(ids: IdColumn): Map<string, number> {
  const map = new Map<string, number>();
  const n = ids.offsets.length - 1;
  for (let i = 0; i < n; i++) map.set(idAt(ids, i), i);
  return map;
}
