/**
 * Test collections in a real Milvus (Lite), built with the raw SDK so that the connector under
 * test is not used to set up its own checks. Also brute-force references for search.
 */
import { DataType, MilvusClient, type FieldType, type RowData } from '@zilliz/milvus2-sdk-node';
import { seededRandom } from '../../src/connectors/shared';

export type Row = RowData;

function ok(status: { error_code?: string | number; code?: number | string; reason?: string }, what: string): void {
  if ((status.error_code !== undefined && status.error_code !== 'Success') || Number(status.code ?? 0) !== 0) {
    throw new Error(`${what}: ${status.reason}`);
  }
}

/** n × d uniform random floats in [-1, 1) from a seed, row-major. */
export function randomVectors(n: number, dimension: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const vectors = new Float32Array(n * dimension);
  for (let i = 0; i < vectors.length; i++) vectors[i] = random() * 2 - 1;
  return vectors;
}

export function row(vectors: Float32Array, dimension: number, i: number): number[] {
  return Array.from(vectors.subarray(i * dimension, (i + 1) * dimension));
}

export interface IndexSpec {
  field: string;
  metric: 'COSINE' | 'L2' | 'IP';
  indexType?: string;
}

/**
 * Drops and creates `name`, inserts rows in chunks, builds the indexes and loads it.
 * `rows(start, end)` builds the rows of one chunk, so 20k × 384 never sits in memory as JS arrays.
 */
export async function createCollection(
  client: MilvusClient,
  name: string,
  spec: { fields: FieldType[]; dynamic?: boolean; indexes: IndexSpec[]; count: number; rows: (start: number, end: number) => Row[]; chunk?: number },
): Promise<void> {
  ok(await client.dropCollection({ collection_name: name }), `drop ${name}`);
  ok(await client.createCollection({ collection_name: name, fields: spec.fields, enable_dynamic_field: spec.dynamic ?? false }), `create ${name}`);
  const chunk = spec.chunk ?? 2_000;
  for (let start = 0; start < spec.count; start += chunk) {
    const reply = await client.insert({ collection_name: name, data: spec.rows(start, Math.min(spec.count, start + chunk)) });
    ok(reply.status, `insert into ${name}`);
  }
  for (const index of spec.indexes) {
    ok(await client.createIndex({ collection_name: name, field_name: index.field, index_type: index.indexType ?? 'FLAT', metric_type: index.metric }), `index ${name}.${index.field}`);
  }
  ok(await client.loadCollection({ collection_name: name }), `load ${name}`);
}

export const int64Key = (name = 'id'): FieldType => ({ name, data_type: DataType.Int64, is_primary_key: true, autoID: false });
export const varcharKey = (name = 'id', maxLength = 128): FieldType => ({ name, data_type: DataType.VarChar, is_primary_key: true, max_length: maxLength });
export const floatVector = (name: string, dim: number): FieldType => ({ name, data_type: DataType.FloatVector, dim });

/** Exact top-k by cosine similarity (descending) or squared L2 distance (ascending), in float64. */
export function bruteForce(
  data: Float32Array,
  ids: string[],
  queries: Float32Array,
  dimension: number,
  k: number,
  metric: 'COSINE' | 'L2',
): Array<Array<{ id: string; score: number }>> {
  const n = data.length / dimension;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < dimension; j++) sum += data[i * dimension + j] ** 2;
    norms[i] = Math.sqrt(sum);
  }
  const results: Array<Array<{ id: string; score: number }>> = [];
  for (let q = 0; q < queries.length / dimension; q++) {
    const query = queries.subarray(q * dimension, (q + 1) * dimension);
    let queryNorm = 0;
    for (let j = 0; j < dimension; j++) queryNorm += query[j] ** 2;
    queryNorm = Math.sqrt(queryNorm);
    const scored = new Array<{ id: string; score: number }>(n);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      let squared = 0;
      for (let j = 0; j < dimension; j++) {
        const value = data[i * dimension + j];
        dot += value * query[j];
        squared += (value - query[j]) ** 2;
      }
      scored[i] = { id: ids[i], score: metric === 'COSINE' ? dot / (norms[i] * queryNorm) : squared };
    }
    scored.sort((a, b) => (metric === 'COSINE' ? b.score - a.score : a.score - b.score));
    results.push(scored.slice(0, k));
  }
  return results;
}
