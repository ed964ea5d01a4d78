import { Field, Float32, Int32, List, makeData, makeVector, makeTable, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { utf8Vector } from './utf8';

/**
 * Queries placed on a map, as they travel to the viewer: one Arrow IPC stream with a row per
 * query — `id` (utf8), `query` (utf8), `x`, `y` (float32), `retrieved` (list<int32>: map point
 * index of each retrieved document in rank order, -1 when the document is not on the map),
 * `scores` (list<float32>, NaN when the span sent none) and `missing` (int32: retrieved ids the map lacks).
 */
export interface QueryOverlay {
  ids: string[];
  queries: string[];
  x: Float32Array;
  y: Float32Array;
  /** offsets[i]..offsets[i+1] index retrieved/scores for query i (length n + 1) */
  offsets: Int32Array;
  retrieved: Int32Array;
  scores: Float32Array;
  missing: Int32Array;
}

export function encodeQueryOverlay(overlay: QueryOverlay): Uint8Array {
  const n = overlay.ids.length;
  if (overlay.offsets.length !== n + 1) throw new Error(`offsets must have ${n + 1} entries, got ${overlay.offsets.length}`);
  const listOf = (type: Int32 | Float32, values: Int32Array | Float32Array) => {
    const child = makeData({ type, length: values.length, nullCount: 0, data: values } as never);
    return makeVector(makeData({ type: new List(new Field('item', type, false)), length: n, nullCount: 0, valueOffsets: overlay.offsets, child } as never));
  };
  const table = makeTable({
    id: utf8Vector(overlay.ids),
    query: utf8Vector(overlay.queries),
    x: makeVector(overlay.x),
    y: makeVector(overlay.y),
    retrieved: listOf(new Int32(), overlay.retrieved),
    scores: listOf(new Float32(), overlay.scores),
    missing: makeVector(overlay.missing),
  } as unknown as Parameters<typeof makeTable>[0]);
  return tableToIPC(table, 'stream');
}

export function decodeQueryOverlay(bytes: Uint8Array): QueryOverlay {
  const table: Table = tableFromIPC(bytes);
  const list = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the query overlay has no ${name} column`);
    const data = vector.data[0];
    // buffers are padded to 8 bytes: keep the n + 1 offsets and only the values they cover
    const offsets = (data.valueOffsets as Int32Array).subarray(0, data.length + 1);
    return { offsets, values: (data.children[0].values as Int32Array | Float32Array).subarray(0, offsets[offsets.length - 1]) };
  };
  const retrieved = list('retrieved');
  const scores = list('scores');
  return {
    ids: Array.from(table.getChild('id') ?? [], String),
    queries: Array.from(table.getChild('query') ?? [], String),
    x: table.getChild('x')!.toArray() as Float32Array,
    y: table.getChild('y')!.toArray() as Float32Array,
    offsets: Int32Array.from(retrieved.offsets),
    retrieved: Int32Array.from(retrieved.values),
    scores: Float32Array.from(scores.values),
    missing: table.getChild('missing')!.toArray() as Int32Array,
  };
}
