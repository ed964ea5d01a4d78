/**
 * VectorStore over Milvus: self-hosted servers, Zilliz Cloud and Milvus Lite, through the gRPC
 * SDK (@zilliz/milvus2-sdk-node 3.x). Ids are strings: int64 keys stay decimal strings end to
 * end (the SDK decodes protobuf longs as String; we never pass them through a JS number).
 *
 * Scores are Milvus's own: COSINE and IP similarities (higher is better), L2 as the *squared*
 * Euclidean distance (lower is better). Hits are always best first.
 */
import { outputFields, pageToColumns, payloadSelection, rowPayload } from './milvus-rows';
import { primaryKeyLiteral, resolveVectorField } from './milvus-schema';
import { MAX_QUERY_LIMIT, MilvusSession } from './milvus-session';
import { streamByPrimaryKey, streamSample, type StreamPlan } from './milvus-stream';
import { guessTextField, inferPayloadFields } from './shared';
import {
  VectorStoreError,
  type CollectionInfo,
  type CollectionSummary,
  type ConnectionConfig,
  type FetchedPoint,
  type Payload,
  type PointBatch,
  type SearchHit,
  type SearchOptions,
  type StreamOptions,
  type VectorStore,
} from './types';

/** Points read by describe() to infer dynamic fields and guess the text field. */
export const DESCRIBE_SAMPLE_SIZE = 256;
/** Queries per search request: Milvus searches a batch of vectors in one pass. */
export const SEARCH_QUERIES_PER_REQUEST = 32;
const DEFAULT_BATCH_SIZE = 1_000;
/** ids per `pk in [...]` fetch: keeps expressions and replies a reasonable size. */
const FETCH_IDS_PER_REQUEST = 1_000;

export class MilvusStore implements VectorStore {
  readonly kind = 'milvus' as const;
  private readonly session: MilvusSession;

  constructor(config: ConnectionConfig) {
    if (!config.url) throw new VectorStoreError('invalid', 'a Milvus connection needs a url such as 127.0.0.1:19530 or https://host:port');
    this.session = new MilvusSession(config);
  }

  /** Lists collections (which proves reachability and credentials) and asks for the version, which Milvus Lite does not report. */
  async ping(): Promise<{ version?: string }> {
    await this.session.collectionNames();
    const reply = await this.session.call('reading the server version', (client) => client.getVersion());
    const version = (reply as { version?: string }).version;
    return version ? { version } : {};
  }

  async listCollections(): Promise<CollectionSummary[]> {
    const names = await this.session.collectionNames();
    return names.sort().map((name) => ({ name }));
  }

  /**
   * Schema, metrics and counts. The point count is exact (count(*)) when the collection can be
   * loaded; otherwise it is the server's row statistic, which still counts deleted rows until
   * compaction. Dynamic fields and the text field come from the first DESCRIBE_SAMPLE_SIZE points
   * in key order (cheap, no full scan).
   */
  async describe(collection: string): Promise<CollectionInfo> {
    const schema = await this.session.schema(collection);
    let payloads: Payload[] = [];
    let pointCount: number;
    let pointCountExact: boolean;
    try {
      await this.session.ensureLoaded(collection);
      const counted = await this.session.whileLoaded(collection, () =>
        this.session.checked(`counting "${collection}"`, (client) => client.count({ collection_name: collection }), { collection }),
      );
      pointCount = counted.data;
      pointCountExact = true;
      const selection = payloadSelection(true, true);
      const page = await this.session.query(collection, '', outputFields(schema, selection, undefined), DESCRIBE_SAMPLE_SIZE);
      payloads = pageToColumns(page, schema, undefined, selection).payloads ?? [];
    } catch (error) {
      if (!(error instanceof VectorStoreError) || error.details?.reason !== 'no_index') throw error;
      const stats = await this.session.checked(`reading statistics of "${collection}"`, (client) => client.getCollectionStatistics({ collection_name: collection }), { collection });
      pointCount = Number(stats.data.row_count ?? 0);
      pointCountExact = false;
    }
    const payloadFields = inferPayloadFields(
      payloads,
      schema.scalarFields.map((field) => ({ name: field.name, type: field.type, indexed: schema.indexedFields.has(field.name) })),
    );
    const textField = guessTextField(payloadFields, payloads);
    return {
      name: collection,
      vectorFields: schema.vectorFields,
      pointCount,
      pointCountExact,
      idType: schema.primaryKey.type === 'int64' ? 'integer' : 'string',
      payloadFields,
      ...(textField ? { textField } : {}),
      sampled: payloads.length,
    };
  }

  /**
   * Batches in primary-key order, resumable from any batch's cursor; or, with `sample`, a uniform
   * random sample (see streamSample for the method). Payloads are included unless
   * withPayload is false; vectors unless withVectors is false.
   */
  async *stream(collection: string, options: StreamOptions = {}): AsyncGenerator<PointBatch> {
    const plan = await this.plan(collection, options);
    if (options.sample !== undefined) {
      if (!Number.isInteger(options.sample) || options.sample < 0) throw new VectorStoreError('invalid', `sample must be a non-negative integer, got ${options.sample}`);
      yield* streamSample(plan, options.sample, options.seed, options.cursor);
    } else {
      yield* streamByPrimaryKey(plan, options.cursor);
    }
  }

  private async plan(collection: string, options: StreamOptions): Promise<StreamPlan> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_QUERY_LIMIT) {
      throw new VectorStoreError('invalid', `batchSize must be an integer from 1 to ${MAX_QUERY_LIMIT} (Milvus's query limit), got ${batchSize}`);
    }
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && (!Number.isInteger(limit) || limit < 0)) throw new VectorStoreError('invalid', `limit must be a non-negative integer, got ${limit}`);
    const schema = await this.session.schema(collection);
    const vector = options.withVectors === false ? undefined : resolveVectorField(schema, options.vectorField);
    const selection = payloadSelection(options.withPayload, true);
    await this.session.ensureLoaded(collection);
    return {
      session: this.session,
      schema,
      vector,
      selection,
      outputFields: outputFields(schema, selection, vector?.name),
      filter: filterExpression(options.filter),
      batchSize,
      limit,
      signal: options.signal,
    };
  }

  /** Points by id, in the order asked; ids that do not exist are left out. */
  async fetch(collection: string, ids: string[], options: { vectorField?: string; withVectors?: boolean } = {}): Promise<FetchedPoint[]> {
    const schema = await this.session.schema(collection);
    const vector = options.withVectors === false ? undefined : resolveVectorField(schema, options.vectorField);
    const selection = payloadSelection(true, true);
    const fields = outputFields(schema, selection, vector?.name);
    const literals = ids.map((id) => primaryKeyLiteral(schema.primaryKey, id));
    await this.session.ensureLoaded(collection);
    const found = new Map<string, FetchedPoint>();
    for (let start = 0; start < literals.length; start += FETCH_IDS_PER_REQUEST) {
      const chunk = literals.slice(start, start + FETCH_IDS_PER_REQUEST);
      const page = await this.session.query(collection, `${schema.primaryKey.name} in [${chunk.join(', ')}]`, fields, chunk.length);
      const columns = pageToColumns(page, schema, vector, selection);
      columns.ids.forEach((id, i) => {
        const point: FetchedPoint = { id, payload: columns.payloads?.[i] ?? {} };
        if (vector) point.vector = columns.vectors.slice(i * vector.dimension, (i + 1) * vector.dimension);
        found.set(id, point);
      });
    }
    // int64 ids asked as "007" come back as "7": match them by their canonical form
    return ids.map((id) => found.get(schema.primaryKey.type === 'int64' ? primaryKeyLiteral(schema.primaryKey, id) : id)).filter((point): point is FetchedPoint => point !== undefined);
  }

  /**
   * Top-k per query, best first, with Milvus's scores (see the file comment). Queries go
   * SEARCH_QUERIES_PER_REQUEST to a request, one request at a time.
   */
  async search(collection: string, vectors: Float32Array, k: number, options: SearchOptions = {}): Promise<SearchHit[][]> {
    if (!Number.isInteger(k) || k < 1 || k > MAX_QUERY_LIMIT) throw new VectorStoreError('invalid', `k must be an integer from 1 to ${MAX_QUERY_LIMIT}, got ${k}`);
    const schema = await this.session.schema(collection);
    const field = resolveVectorField(schema, options.vectorField);
    const dimension = field.dimension;
    if (vectors.length % dimension !== 0) {
      throw new VectorStoreError('invalid', `query vectors hold ${vectors.length} numbers, not a multiple of the dimension ${dimension} of "${field.name}"`);
    }
    const selection = payloadSelection(options.withPayload, false);
    const fields = outputFields(schema, selection, undefined);
    const filter = filterExpression(options.filter);
    await this.session.ensureLoaded(collection);
    const queries = vectors.length / dimension;
    const hits: SearchHit[][] = [];
    for (let start = 0; start < queries; start += SEARCH_QUERIES_PER_REQUEST) {
      options.signal?.throwIfAborted();
      const end = Math.min(queries, start + SEARCH_QUERIES_PER_REQUEST);
      const data: number[][] = [];
      for (let q = start; q < end; q++) data.push(Array.from(vectors.subarray(q * dimension, (q + 1) * dimension)));
      const reply = await this.session.whileLoaded(collection, () =>
        this.session.checked(
          `searching "${collection}"`,
          (client) => client.search({ collection_name: collection, anns_field: field.name, data, limit: k, filter, output_fields: fields }),
          { collection, filter },
        ),
      );
      // the SDK unwraps the result list when a request holds a single query
      const perQuery = (data.length === 1 ? [reply.results] : reply.results) as unknown as Record<string, unknown>[][];
      if (perQuery.length !== data.length) {
        throw new VectorStoreError('internal', `Milvus answered ${perQuery.length} result lists for ${data.length} queries`, { collection });
      }
      for (const results of perQuery) {
        hits.push(
          results.map((result) => {
            const hit: SearchHit = { id: String(result[schema.primaryKey.name]), score: Number(result.score) };
            if (selection.kind !== 'none') hit.payload = rowPayload(result, schema, selection);
            return hit;
          }),
        );
      }
    }
    return hits;
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/** Milvus filters are boolean expressions, e.g. `lang == "en" && year > 2020`. */
function filterExpression(filter: unknown): string {
  if (filter === undefined || filter === null || filter === '') return '';
  if (typeof filter !== 'string') throw new VectorStoreError('invalid', 'a Milvus filter is a boolean expression string, e.g. `year > 2020`', { filter });
  return filter;
}
