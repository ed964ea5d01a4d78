/**
 * From Milvus entities (one object per row, as the SDK returns them) to our columnar batch:
 * string ids, one Float32Array n × d, and payloads that merge scalar fields with dynamic fields.
 */
import { DYNAMIC_FIELD, type MilvusSchema } from './milvus-schema';
import type { MilvusRow } from './milvus-session';
import { VectorStoreError, type Payload } from './types';

/** Which payload keys to return: all of them, a named few, or none. */
export type PayloadSelection = { kind: 'all' } | { kind: 'some'; names: Set<string> } | { kind: 'none' };

export function payloadSelection(withPayload: boolean | string[] | undefined, defaultAll: boolean): PayloadSelection {
  if (withPayload === undefined) return defaultAll ? { kind: 'all' } : { kind: 'none' };
  if (withPayload === true) return { kind: 'all' };
  if (withPayload === false || withPayload.length === 0) return { kind: 'none' };
  return { kind: 'some', names: new Set(withPayload) };
}

/**
 * The output_fields that fetch the selection. Named keys that are not schema fields can only be
 * dynamic fields, which Milvus returns inside `$meta`; without dynamic fields they are a mistake.
 */
export function outputFields(schema: MilvusSchema, selection: PayloadSelection, vectorField: string | undefined): string[] {
  const fields = [schema.primaryKey.name];
  if (vectorField) fields.push(vectorField);
  if (selection.kind === 'all') {
    fields.push(...schema.scalarFields.map((field) => field.name));
    if (schema.dynamic) fields.push(DYNAMIC_FIELD);
  } else if (selection.kind === 'some') {
    const scalarNames = new Set(schema.scalarFields.map((field) => field.name));
    for (const name of selection.names) {
      if (!scalarNames.has(name) && !schema.dynamic) {
        throw new VectorStoreError('invalid', `collection "${schema.collection}" has no payload field "${name}" and no dynamic fields`, {
          field: name,
          available: [...scalarNames],
        });
      }
      if (name !== schema.primaryKey.name) fields.push(name);
    }
  }
  return fields;
}

export function rowPayload(row: MilvusRow, schema: MilvusSchema, selection: PayloadSelection): Payload {
  const payload: Payload = {};
  for (const field of schema.scalarFields) {
    if (field.name in row && (selection.kind === 'all' || (selection.kind === 'some' && selection.names.has(field.name)))) {
      payload[field.name] = row[field.name];
    }
  }
  const dynamic = row[DYNAMIC_FIELD];
  if (dynamic && typeof dynamic === 'object') {
    for (const [key, value] of Object.entries(dynamic as Record<string, unknown>)) {
      // a schema field always wins over a same-named dynamic key
      if (key in payload) continue;
      if (selection.kind === 'all' || (selection.kind === 'some' && selection.names.has(key))) payload[key] = value;
    }
  }
  return payload;
}

export interface Columns {
  ids: string[];
  vectors: Float32Array;
  payloads?: Payload[];
}

/** Rows to columns. Vectors are copied once into one Float32Array; their length is checked against the dimension. */
export function rowsToColumns(
  rows: MilvusRow[],
  schema: MilvusSchema,
  vector: { name: string; dimension: number } | undefined,
  selection: PayloadSelection,
): Columns {
  const pk = schema.primaryKey.name;
  const ids = new Array<string>(rows.length);
  const vectors = new Float32Array(vector ? rows.length * vector.dimension : 0);
  const payloads = selection.kind === 'none' ? undefined : new Array<Payload>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // int64 keys arrive as decimal strings already; String() only normalises varchar and guards odd replies
    ids[i] = String(row[pk]);
    if (vector) {
      const values = row[vector.name] as ArrayLike<number> | null | undefined;
      if (!values || values.length !== vector.dimension) {
        throw new VectorStoreError('internal', `entity ${ids[i]} of "${schema.collection}" has a ${vector.name} vector of length ${values?.length ?? 0}, expected ${vector.dimension}`);
      }
      vectors.set(values, i * vector.dimension);
    }
    if (payloads) payloads[i] = rowPayload(row, schema, selection);
  }
  return { ids, vectors, ...(payloads ? { payloads } : {}) };
}
