/**
 * From Milvus query pages and search hits to our model: string ids, one Float32Array n × d, and
 * payloads that merge scalar fields with dynamic fields.
 */
import { DYNAMIC_FIELD, type MilvusSchema } from './milvus-schema';
import type { QueryColumns } from './milvus-query-reply';
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

/**
 * A query page to our batch columns: ids as strings, the page's Float32Array of the vector field
 * as it was decoded (checked against the dimension), payloads rebuilt per row from the columns.
 */
export function pageToColumns(page: QueryColumns, schema: MilvusSchema, vector: { name: string; dimension: number } | undefined, selection: PayloadSelection): Columns {
  const { rowCount } = page;
  const keys = page.columns.get(schema.primaryKey.name);
  if (!keys || keys.length !== rowCount) {
    throw new VectorStoreError('internal', `Milvus answered a query on "${schema.collection}" with ${keys?.length ?? 0} keys for ${rowCount} entities`);
  }
  // int64 keys arrive as decimal strings already; String() only normalises varchar and guards odd replies
  const ids = keys.map(String);
  let vectors = new Float32Array(0);
  if (vector) {
    const decoded = page.floatVectors.get(vector.name);
    const length = decoded?.values.length ?? 0;
    if (!decoded || decoded.dimension !== vector.dimension || length !== rowCount * vector.dimension) {
      throw new VectorStoreError(
        'internal',
        `Milvus sent ${length} numbers of ${vector.name} (dimension ${decoded?.dimension ?? 'missing'}) for ${rowCount} entities of "${schema.collection}", expected dimension ${vector.dimension}`,
      );
    }
    vectors = decoded.values;
  }
  if (selection.kind === 'none') return { ids, vectors };
  const payloadColumns = [...page.columns].filter(([name]) => name !== schema.primaryKey.name);
  const payloads = new Array<Payload>(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const row: MilvusRow = {};
    for (const [name, values] of payloadColumns) row[name] = values[i];
    payloads[i] = rowPayload(row, schema, selection);
  }
  return { ids, vectors, payloads };
}
