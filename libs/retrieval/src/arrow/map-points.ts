import { makeTable, makeVector, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { utf8Vector } from './utf8';

/**
 * The points of an embedding map as they travel to the viewer: one Apache Arrow IPC stream with
 * columns `id` (utf8), `x`, `y` (float32), optional `z` (float32) and `cluster` (int32, -1 = noise),
 * plus any extra numeric columns. Row i of every column is map point i.
 */
export interface MapPoints {
  ids: string[];
  x: Float32Array;
  y: Float32Array;
  z?: Float32Array;
  cluster: Int32Array;
  extra?: Record<string, Float32Array | Int32Array>;
}

export const MAP_POINTS_MEDIA_TYPE = 'application/vnd.apache.arrow.stream';

export function encodeMapPoints(points: MapPoints): Uint8Array {
  const n = points.ids.length;
  const columns: Record<string, unknown> = {};
  for (const [name, column] of Object.entries({ x: points.x, y: points.y, ...(points.z ? { z: points.z } : {}), cluster: points.cluster })) {
    if (column.length !== n) throw new Error(`column ${name} has ${column.length} values for ${n} ids`);
  }
  columns.id = utf8Vector(points.ids);
  columns.x = makeVector(points.x);
  columns.y = makeVector(points.y);
  if (points.z) columns.z = makeVector(points.z);
  columns.cluster = makeVector(points.cluster);
  for (const [name, column] of Object.entries(points.extra ?? {})) {
    if (name in columns) throw new Error(`extra column ${name} clashes with a standard column`);
    if (column.length !== n) throw new Error(`column ${name} has ${column.length} values for ${n} ids`);
    columns[name] = makeVector(column);
  }
  return tableToIPC(makeTable(columns as Parameters<typeof makeTable>[0]), 'stream');
}

export function decodeMapPoints(bytes: Uint8Array): MapPoints {
  const table: Table = tableFromIPC(bytes);
  const column = <T>(name: string): T => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the map points have no ${name} column`);
    return vector.toArray() as T;
  };
  const standard = new Set(['id', 'x', 'y', 'z', 'cluster']);
  const extra: Record<string, Float32Array | Int32Array> = {};
  for (const field of table.schema.fields) {
    if (!standard.has(field.name)) extra[field.name] = column<Float32Array | Int32Array>(field.name);
  }
  const z = table.getChild('z');
  return {
    ids: Array.from(table.getChild('id') ?? [], (v) => String(v)),
    x: column<Float32Array>('x'),
    y: column<Float32Array>('y'),
    ...(z ? { z: z.toArray() as Float32Array } : {}),
    cluster: column<Int32Array>('cluster'),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
