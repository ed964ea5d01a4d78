import { Field, Float32, Int32, List, makeData, makeVector, makeTable, tableFromIPC, tableToIPC, Utf8, type Table } from 'apache-arrow';
import { utf8Vector } from './utf8';

/**
 * Queries placed on a map, as they travel to the viewer: one Arrow IPC stream with a row per
 * query — `id` (utf8), `query` (utf8), `x`, `y`[, `z` on 3-D maps] (float32), `started_at`
 * (float64, ms since the epoch), `failed` (uint8: 1 when the span's status was an error),
 * `retrieved` (list<int32>: map point index of each retrieved document in rank order, -1 when
 * the document is not on the map), `scores` (list<float32>, NaN when the span sent none),
 * `missing` (int32: how many retrieved documents the map lacks) and `missing_ids` (list<utf8>:
 * their ids in rank order, '' for a document the span named no id for).
 */
export interface QueryOverlay {
  ids: string[];
  queries: string[];
  x: Float32Array;
  y: Float32Array;
  /** present when the map is 3-D */
  z?: Float32Array;
  /** ms since the epoch */
  startedAt: Float64Array;
  /** 1 when the span's status was an error */
  failed: Uint8Array;
  /** offsets[i]..offsets[i+1] index retrieved/scores for query i (length n + 1) */
  offsets: Int32Array;
  retrieved: Int32Array;
  scores: Float32Array;
  missing: Int32Array;
  /** the ids behind the -1 entries of retrieved, query after query: missing[i] of them for query i */
  missingIds: string[];
}

function listVector(type: Int32 | Float32 | Utf8, offsets: Int32Array, child: ReturnType<typeof makeData>) {
  return makeVector(makeData({ type: new List(new Field('item', type, false)), length: offsets.length - 1, nullCount: 0, valueOffsets: offsets, child } as never));
}

export function encodeQueryOverlay(overlay: QueryOverlay): Uint8Array {
  const n = overlay.ids.length;
  if (overlay.offsets.length !== n + 1) throw new Error(`offsets must have ${n + 1} entries, got ${overlay.offsets.length}`);
  const missingOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) missingOffsets[i + 1] = missingOffsets[i] + overlay.missing[i];
  if (missingOffsets[n] !== overlay.missingIds.length) throw new Error(`missing counts ${missingOffsets[n]} documents but missingIds holds ${overlay.missingIds.length}`);
  const numbers = (type: Int32 | Float32, values: Int32Array | Float32Array) => makeData({ type, length: values.length, nullCount: 0, data: values } as never);
  const table = makeTable({
    id: utf8Vector(overlay.ids),
    query: utf8Vector(overlay.queries),
    x: makeVector(overlay.x),
    y: makeVector(overlay.y),
    ...(overlay.z ? { z: makeVector(overlay.z) } : {}),
    started_at: makeVector(overlay.startedAt),
    failed: makeVector(overlay.failed),
    retrieved: listVector(new Int32(), overlay.offsets, numbers(new Int32(), overlay.retrieved)),
    scores: listVector(new Float32(), overlay.offsets, numbers(new Float32(), overlay.scores)),
    missing: makeVector(overlay.missing),
    missing_ids: listVector(new Utf8(), missingOffsets, utf8Vector(overlay.missingIds).data[0]),
  } as unknown as Parameters<typeof makeTable>[0]);
  return tableToIPC(table, 'stream');
}

export function decodeQueryOverlay(bytes: Uint8Array): QueryOverlay {
  const table: Table = tableFromIPC(bytes);
  const column = (name: string) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the query overlay has no ${name} column`);
    return vector;
  };
  const list = (name: string) => {
    const data = column(name).data[0];
    // buffers are padded to 8 bytes: keep the n + 1 offsets and only the values they cover
    const offsets = (data.valueOffsets as Int32Array).subarray(0, data.length + 1);
    return { offsets, values: (data.children[0].values as Int32Array | Float32Array).subarray(0, offsets[offsets.length - 1]) };
  };
  const retrieved = list('retrieved');
  const scores = list('scores');
  const z = table.getChild('z');
  return {
    ids: Array.from(column('id'), String),
    queries: Array.from(column('query'), String),
    x: column('x').toArray() as Float32Array,
    y: column('y').toArray() as Float32Array,
    ...(z ? { z: z.toArray() as Float32Array } : {}),
    startedAt: column('started_at').toArray() as Float64Array,
    failed: column('failed').toArray() as Uint8Array,
    offsets: Int32Array.from(retrieved.offsets),
    retrieved: Int32Array.from(retrieved.values),
    scores: Float32Array.from(scores.values),
    missing: column('missing').toArray() as Int32Array,
    missingIds: Array.from(column('missing_ids'), (ids) => Array.from(ids as Iterable<unknown>, String)).flat(),
  };
}
