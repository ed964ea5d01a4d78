/**
 * Reading a whole collection (or a uniform sample of it) in batches.
 *
 * Paging is by primary key: `pk > <last key of the previous page>` with a limit, which Milvus
 * answers with the next keys in ascending order. This is what the SDK's queryIterator does too,
 * but it swallows failed pages (a failed query ends iteration silently) and quotes varchar keys
 * without escaping, so we page ourselves. The cursor is the last key: a stream resumes exactly.
 * No server-side iterator session is needed, so it works on Milvus Lite as on a cluster.
 *
 * Backpressure: the generator holds at most one page in flight. When a page arrives, the next
 * one is requested before the page is handed over, so the server works while the consumer does.
 */
import { comparePrimaryKeys, primaryKeyLiteral, type MilvusSchema } from './milvus-schema';
import type { QueryColumns } from './milvus-query-reply';
import { pageToColumns, type PayloadSelection } from './milvus-rows';
import { MAX_QUERY_LIMIT, type MilvusSession } from './milvus-session';
import { decodeCursor, encodeCursor, randomSeed, sampleIndices, seededRandom } from './shared';
import { VectorStoreError, type PointBatch, type VectorFieldInfo } from './types';

export interface StreamPlan {
  session: MilvusSession;
  schema: MilvusSchema;
  /** the vector field to read, or undefined when vectors were not asked for */
  vector?: VectorFieldInfo;
  selection: PayloadSelection;
  outputFields: string[];
  /** the caller's boolean expression, '' for none */
  filter: string;
  batchSize: number;
  /** most points to return from here on (Infinity for no limit) */
  limit: number;
  signal?: AbortSignal;
}

const KEY_CURSOR = 'milvus-pk';
const SAMPLE_CURSOR = 'milvus-sample';

function afterKey(schema: MilvusSchema, after: string | undefined, filter: string): string {
  if (after === undefined) return filter;
  const condition = `${schema.primaryKey.name} > ${primaryKeyLiteral(schema.primaryKey, after)}`;
  return filter ? `${condition} && (${filter})` : condition;
}

/** Pages rely on key order; a server that broke it would make us skip or repeat points, so we check. */
function checkAscending(schema: MilvusSchema, keys: string[], after: string | undefined): void {
  let previous = after;
  for (const key of keys) {
    if (previous !== undefined && comparePrimaryKeys(schema.primaryKey, previous, key) >= 0) {
      throw new VectorStoreError('internal', `Milvus returned keys of "${schema.collection}" out of order (${previous} then ${key}); cannot page safely`);
    }
    previous = key;
  }
}

/** Yields each page as it arrives while the following one is already being fetched. */
async function* prefetched<T>(first: Promise<T> | undefined, following: (page: T) => Promise<T> | undefined): AsyncGenerator<T> {
  let pending = first;
  while (pending) {
    // a consumer that stops early leaves the prefetch behind: its failure must not go unhandled
    pending.catch(() => undefined);
    const page = await pending;
    pending = following(page);
    yield page;
  }
}

interface KeyPage {
  page: QueryColumns;
  requested: number;
  after: string | undefined;
  returned: number;
}

export async function* streamByPrimaryKey(plan: StreamPlan, cursor: string | undefined): AsyncGenerator<PointBatch> {
  const { schema, session, signal } = plan;
  const start = cursor === undefined ? undefined : decodeKeyCursor(cursor);
  const fetchPage = (after: string | undefined, returned: number): Promise<KeyPage> | undefined => {
    const requested = Math.min(plan.batchSize, plan.limit - returned);
    if (requested <= 0) return undefined;
    signal?.throwIfAborted();
    return session.query(schema.collection, afterKey(schema, after, plan.filter), plan.outputFields, requested).then((page) => ({ page, requested, after, returned }));
  };
  const pages = prefetched(fetchPage(start, 0), (page) => {
    const { requested, returned } = page;
    const count = page.page.rowCount;
    // a short page is the last one: no need to ask again for nothing
    if (count < requested) return undefined;
    return fetchPage(String(page.page.columns.get(schema.primaryKey.name)?.[count - 1]), returned + count);
  });
  for await (const { page, after } of pages) {
    signal?.throwIfAborted();
    if (page.rowCount === 0) return;
    const columns = pageToColumns(page, schema, plan.vector, plan.selection);
    checkAscending(schema, columns.ids, after);
    const last = columns.ids[columns.ids.length - 1];
    yield { ...columns, dimension: plan.vector?.dimension ?? 0, cursor: encodeCursor(KEY_CURSOR, { after: last }) };
  }
}

function decodeKeyCursor(cursor: string): string {
  const state = decodeCursor(cursor, KEY_CURSOR);
  if (typeof state.after !== 'string') throw new VectorStoreError('invalid', 'the cursor carries no primary key', { cursor });
  return state.after;
}

/** Every key matching the filter, ascending: keys only, 16,384 per request. */
async function allKeys(plan: StreamPlan): Promise<string[]> {
  const { schema, session, signal } = plan;
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await session.query(schema.collection, afterKey(schema, after, plan.filter), [schema.primaryKey.name], MAX_QUERY_LIMIT);
    const { ids } = pageToColumns(page, schema, undefined, { kind: 'none' });
    checkAscending(schema, ids, after);
    for (const id of ids) keys.push(id);
    if (ids.length < MAX_QUERY_LIMIT) return keys;
    after = keys[keys.length - 1];
  }
}

/**
 * A uniform random sample of `size` points without replacement. Milvus 2.5 (and Lite) has no
 * random sampling in queries, so we read every matching primary key (keys only, no vectors or
 * payloads: ~8–30 bytes per point), draw `size` of them with a seeded PRNG (Floyd's algorithm)
 * and fetch those points by key, in key order. The cursor holds the seed and the position, so a
 * resumed sample picks the same points as long as the collection has not changed.
 */
export async function* streamSample(plan: StreamPlan, size: number, seed: number | undefined, cursor: string | undefined): AsyncGenerator<PointBatch> {
  const { schema, session, signal } = plan;
  const resume = cursor === undefined ? undefined : decodeSampleCursor(cursor);
  const state = resume ?? { seed: seed ?? randomSeed(), size, offset: 0 };
  const keys = await allKeys(plan);
  const picked = sampleIndices(keys.length, state.size, seededRandom(state.seed)).map((index) => keys[index]);
  const end = Math.min(picked.length, state.offset + plan.limit);

  const fetchChunk = (offset: number): Promise<{ page: QueryColumns; offset: number; next: number }> | undefined => {
    if (offset >= end) return undefined;
    signal?.throwIfAborted();
    const chunk = picked.slice(offset, Math.min(end, offset + plan.batchSize));
    const literals = chunk.map((key) => primaryKeyLiteral(schema.primaryKey, key)).join(', ');
    const expr = `${schema.primaryKey.name} in [${literals}]`;
    return session.query(schema.collection, expr, plan.outputFields, chunk.length).then((page) => ({ page, offset, next: offset + chunk.length }));
  };
  for await (const page of prefetched(fetchChunk(state.offset), (page) => fetchChunk(page.next))) {
    signal?.throwIfAborted();
    // points deleted since the keys were read are simply absent
    const columns = pageToColumns(page.page, schema, plan.vector, plan.selection);
    yield { ...columns, dimension: plan.vector?.dimension ?? 0, cursor: encodeCursor(SAMPLE_CURSOR, { seed: state.seed, size: state.size, offset: page.next }) };
  }
}

function decodeSampleCursor(cursor: string): { seed: number; size: number; offset: number } {
  const state = decodeCursor(cursor, SAMPLE_CURSOR);
  const { seed, size, offset } = state;
  if (typeof seed !== 'number' || typeof size !== 'number' || typeof offset !== 'number') {
    throw new VectorStoreError('invalid', 'the sample cursor is incomplete', { cursor });
  }
  return { seed, size, offset };
}
